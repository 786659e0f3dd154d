"""What a host changes about a room type from the back office, beyond the nights
(``banso.tourism.services.inventory``) and the bookings (``banso.tourism.services.bookings``)."""

from django.db import transaction

from banso.tourism.models import RoomType
from banso.tourism.services.listings import room_type_update


@transaction.atomic
def room_type_rates_update(
    *,
    actor,
    room_type: RoomType,
    rate_vnd: int,
    weekend_rate_vnd: int | None,
    min_nights: int,
    quantity: int,
) -> RoomType:
    """Change the usual price, the weekend price, the minimum stay and the number of rooms.

    The number of rooms is also every future night's capacity: the nights are brought in step
    in the same transaction as the room type, so a refusal (more rooms booked on a night than
    the new number) leaves both as they were (``room_type_update``, which checks that
    ``actor`` manages the stay). Bookings already made keep their prices.
    """
    return room_type_update(
        actor=actor,
        room_type=RoomType.objects.select_related("lodging").get(pk=room_type.pk),
        rate_vnd=rate_vnd,
        weekend_rate_vnd=weekend_rate_vnd,
        min_nights=min_nights,
        quantity=quantity,
    )
