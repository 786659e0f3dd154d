"""schema.org descriptions of the tourism pages (JSON-LD), in the page's language: search
engines and messaging apps read them for rich previews. Every value comes from data or from the
translated texts the page shows, so the page and its JSON-LD say the same."""

from django.http import HttpRequest
from django.urls import reverse

from banso.lingo.selectors import translated
from banso.tourism.models import Amenity, Festival, Lodging, Place, Tour
from banso.tourism.occurrences import Occurrence
from banso.tourism.selectors.reviews import ReviewSummary, guest_given_name

SCHEMA = "https://schema.org"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _images(request: HttpRequest, photos) -> list[str]:
    return [request.build_absolute_uri(photo.image.url) for photo in photos[:3]]


def _address(row, street: str = "") -> dict:
    unit = row.unit
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": unit.name,
        "addressRegion": unit.parent.name if unit.parent is not None else "",
        "addressCountry": "VN",
    }


def _geo(latitude: float, longitude: float) -> dict:
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}


def _time(value) -> str:
    return value.strftime("%H:%M")


def place_jsonld(request: HttpRequest, place: Place, photos: list) -> dict:
    data: dict = {
        "@context": SCHEMA,
        "@type": "TouristAttraction",
        "name": translated(place, "name").text,
        "url": request.build_absolute_uri(),
        "geo": _geo(place.latitude, place.longitude),
        "address": _address(place),
        "isAccessibleForFree": not (place.fee_adult_vnd or place.fee_child_vnd),
    }
    story = translated(place, "story").text
    if story:
        data["description"] = story[:500]
    if place.opens_at and place.closes_at:
        days = place.open_days or list(range(7))
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"{SCHEMA}/{DAYS[day]}" for day in sorted(days)],
                "opens": _time(place.opens_at),
                "closes": _time(place.closes_at),
            }
        ]
    offers = [
        {"@type": "Offer", "name": audience, "price": fee, "priceCurrency": "VND"}
        for audience, fee in (("adult", place.fee_adult_vnd), ("child", place.fee_child_vnd))
        if fee
    ]
    if offers:
        data["offers"] = offers
    if photos:
        data["image"] = _images(request, photos)
    return data


def _reviews(data: dict, reviews: ReviewSummary | None) -> None:
    """schema.org ``aggregateRating`` and the newest ``review``s, in the page's language."""
    if reviews is None or not reviews.count or reviews.average is None:
        return
    data["aggregateRating"] = {
        "@type": "AggregateRating",
        "ratingValue": round(reviews.average, 1),
        "reviewCount": reviews.count,
        "bestRating": 5,
        "worstRating": 1,
    }
    data["review"] = [
        {
            "@type": "Review",
            "author": {"@type": "Person", "name": guest_given_name(review.booking.guest_name)},
            "datePublished": review.created_at.date().isoformat(),
            "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5},
            **({"reviewBody": translated(review, "text").text} if review.text else {}),
        }
        for review in reviews.newest
    ]


def lodging_jsonld(
    request: HttpRequest,
    lodging: Lodging,
    rooms: list,
    photos: list,
    reviews: ReviewSummary | None = None,
) -> dict:
    amenities = dict.fromkeys(code for room in rooms for code in room.amenities)
    data: dict = {
        "@context": SCHEMA,
        "@type": "LodgingBusiness",
        "name": lodging.name,
        "url": request.build_absolute_uri(),
        "telephone": lodging.phone,
        "address": _address(lodging, lodging.street_address),
        "geo": _geo(lodging.latitude, lodging.longitude),
        "checkinTime": _time(lodging.check_in_from),
        "checkoutTime": _time(lodging.check_out_until),
        "amenityFeature": [
            {
                "@type": "LocationFeatureSpecification",
                "name": str(Amenity(code).label),
                "value": True,
            }
            for code in amenities
        ],
        "containsPlace": [
            {
                "@type": "HotelRoom",
                "name": translated(room, "name").text,
                "occupancy": {"@type": "QuantitativeValue", "maxValue": room.max_guests},
            }
            for room in rooms
        ],
        "makesOffer": [
            {
                "@type": "Offer",
                "name": translated(room, "name").text,
                "priceSpecification": {
                    "@type": "UnitPriceSpecification",
                    "price": room.rate_vnd,
                    "priceCurrency": "VND",
                    "unitText": "night",
                },
            }
            for room in rooms
        ],
    }
    story = translated(lodging, "story").text
    if story:
        data["description"] = story[:500]
    if rooms:
        data["priceRange"] = (
            f"{min(r.rate_vnd for r in rooms)}-{max(r.rate_vnd for r in rooms)} VND"
        )
    if photos:
        data["image"] = _images(request, photos)
    _reviews(data, reviews)
    return data


def tour_jsonld(
    request: HttpRequest,
    tour: Tour,
    photos: list,
    departures: list,
    places: list,
    reviews: ReviewSummary | None = None,
) -> dict:
    name = translated(tour, "name").text
    url = request.build_absolute_uri()
    location: dict = {"@type": "Place", "name": translated(tour, "meeting_point").text}
    if tour.meeting_latitude is not None and tour.meeting_longitude is not None:
        location["geo"] = _geo(tour.meeting_latitude, tour.meeting_longitude)
    data: dict = {
        "@context": SCHEMA,
        "@type": "TouristTrip",
        "name": name,
        "url": url,
        "provider": {"@type": "Organization", "name": tour.organisation.name},
        "offers": {
            "@type": "Offer",
            "price": tour.price_vnd,
            "priceCurrency": "VND",
            "url": url,
            "availability": f"{SCHEMA}/InStock"
            if any(d.seats_free for d in departures) or tour.private_on_request
            else f"{SCHEMA}/SoldOut",
        },
        "subjectOf": [
            {
                "@type": "Event",
                "name": name,
                "startDate": departure.starts_at.isoformat(),
                "location": location,
                "offers": {
                    "@type": "Offer",
                    "price": departure.price_vnd or tour.price_vnd,
                    "priceCurrency": "VND",
                    "url": url,
                    "availability": f"{SCHEMA}/InStock"
                    if departure.seats_free
                    else f"{SCHEMA}/SoldOut",
                },
            }
            for departure in departures
        ],
    }
    story = translated(tour, "story").text
    if story:
        data["description"] = story[:500]
    if places:
        data["itinerary"] = {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "TouristAttraction",
                    "name": translated(place, "name").text,
                    "url": request.build_absolute_uri(
                        reverse("tourism:place-detail", args=[place.slug])
                    ),
                }
                for place in places
            ],
        }
    if photos:
        data["image"] = _images(request, photos)
    _reviews(data, reviews)
    return data


def festival_jsonld(request: HttpRequest, festival: Festival, dates: list[Occurrence]) -> dict:
    """The festival's next occurrence as an ``Event`` (the ones after it as ``subEvent``s would
    be wrong: each is its own event), free to attend as far as the data says nothing else."""
    location: dict = {
        "@type": "Place",
        "name": translated(festival.place, "name").text if festival.place else festival.unit.name,
        "address": _address(festival),
    }
    if festival.place is not None:
        location["geo"] = _geo(festival.place.latitude, festival.place.longitude)
    data: dict = {
        "@context": SCHEMA,
        "@type": "Festival",
        "name": translated(festival, "name").text,
        "url": request.build_absolute_uri(),
        "location": location,
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "eventStatus": f"{SCHEMA}/EventScheduled",
    }
    story = translated(festival, "story").text
    if story:
        data["description"] = story[:500]
    if dates:
        first = dates[0]
        data["startDate"] = first.start.isoformat()
        data["endDate"] = first.end.isoformat()
    return data
