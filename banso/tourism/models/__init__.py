"""Smart tourism (du lịch thông minh): places to visit, stays, tours, festivals and bookings."""

from banso.tourism.models.bookings import (
    HOLDING_STATUSES,
    Booking,
    BookingKind,
    BookingStatus,
    CancelledBy,
    PaymentChoice,
)
from banso.tourism.models.calendars import ChannelFeed, FeedNight
from banso.tourism.models.festivals import Branch, Festival, FestivalRule
from banso.tourism.models.lodgings import (
    Amenity,
    CancellationPolicy,
    ListingStatus,
    Lodging,
    LodgingKind,
    LodgingPhoto,
    RateRule,
    RateRuleKind,
    RoomNight,
    RoomType,
)
from banso.tourism.models.places import Place, PlaceKind, PlacePhoto, RoadAccess
from banso.tourism.models.reviews import GuestReview
from banso.tourism.models.tours import Difficulty, Tour, TourDeparture, TourKind, TourPhoto

__all__ = [
    "HOLDING_STATUSES",
    "Amenity",
    "Booking",
    "BookingKind",
    "BookingStatus",
    "Branch",
    "CancellationPolicy",
    "CancelledBy",
    "ChannelFeed",
    "Difficulty",
    "FeedNight",
    "Festival",
    "FestivalRule",
    "GuestReview",
    "ListingStatus",
    "Lodging",
    "LodgingKind",
    "LodgingPhoto",
    "PaymentChoice",
    "Place",
    "PlaceKind",
    "PlacePhoto",
    "RateRule",
    "RateRuleKind",
    "RoadAccess",
    "RoomNight",
    "RoomType",
    "Tour",
    "TourDeparture",
    "TourKind",
    "TourPhoto",
]
