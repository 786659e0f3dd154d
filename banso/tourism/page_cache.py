"""When tourism's shared public pages are forgotten (``common.page_cache``).

The tourism front page, the lists, the map and each place, stay and tour page show rows of
several models at once (a place page lists the tours that visit it, a stay page its room types),
so they all depend on one version, ``"tourism"``, bumped after any save or delete of a tourism
model commits; and on ``"orgs"`` (a host's name and phone). A new translation of a tourism text
bumps ``"tourism"`` too (``banso.lingo``, registered in ``apps.py``).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from banso.common.page_cache import page_versions_bump
from banso.tourism.models import (
    Festival,
    GuestReview,
    Lodging,
    LodgingPhoto,
    Place,
    PlacePhoto,
    RoomType,
    Tour,
    TourDeparture,
    TourPhoto,
)

TOURISM_PAGE_VERSIONS = ("tourism", "orgs")
WATCHED = (
    Place,
    PlacePhoto,
    Lodging,
    LodgingPhoto,
    RoomType,
    Tour,
    TourDeparture,
    TourPhoto,
    Festival,
    GuestReview,
)


def tourism_pages_forget() -> None:
    """Forget every shared tourism page once the current transaction commits; for the writes
    made with UPDATE (seats taken by a booking), which send no signal."""
    page_versions_bump("tourism")


def _changed(sender, **kwargs) -> None:
    tourism_pages_forget()


def tourism_page_signals_connect() -> None:
    for model in WATCHED:
        uid = f"tourism_pages_{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    m2m_changed.connect(
        _changed, sender=Tour.places.through, dispatch_uid="tourism_pages_tour_places"
    )
