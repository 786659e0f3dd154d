"""What a host changes about a room type from the back office, beyond the nights
(``banso.tourism.services.inventory``) and the bookings (``banso.tourism.services.bookings``)."""

import datetime

from django.db import transaction
from django.utils import timezone

from banso.tourism.models import RoomType
from banso.tourism.services.inventory import capacity_change


@transaction.atomic
def room_type_rates_update(
    *,
    room_type: RoomType,
    rate_vnd: int,
    weekend_rate_vnd: int | None,
    min_nights: int,
    quantity: int,
    today: datetime.date | None = None,
) -> RoomType:
    """Change the usual price, the weekend price, the minimum stay and the number of rooms.

    The number of rooms is also every future night's capacity: the nights are brought in step
    in the same transaction as the room type, so a refusal (more rooms booked on a night than
    the new number) leaves both as they were. Bookings already made keep their prices.
    """
    room_type = RoomType.objects.select_for_update().get(pk=room_type.pk)
    room_type.rate_vnd = rate_vnd
    room_type.weekend_rate_vnd = weekend_rate_vnd
    room_type.min_nights = min_nights
    changed_quantity = quantity != room_type.quantity
    room_type.quantity = quantity
    room_type.full_clean()
    if changed_quantity:
        capacity_change(room_type=room_type, quantity=quantity, today=today or timezone.localdate())
    room_type.save(
        update_fields=["rate_vnd", "weekend_rate_vnd", "min_nights", "quantity", "updated_at"]
    )
    return room_type
