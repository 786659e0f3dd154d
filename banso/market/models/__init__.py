"""The marketplace's tables, one module per topic: shops, listings, orders (with their lines,
history and reviews), payments (bank-credit notifications), feeds and live sessions."""

from banso.market.models.feeds import CategoryMapping, FeedFile, FeedKind, Marketplace
from banso.market.models.listings import (
    Listing,
    ListingPhoto,
    ListingStatus,
    ListingVariant,
    OcopGroup,
)
from banso.market.models.live import LivePin, LiveSession, StreamPlatform
from banso.market.models.orders import (
    Cart,
    CartItem,
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Review,
)
from banso.market.models.payments import BankNotification, NotificationStatus
from banso.market.models.shops import Shop, ShopDeliveryRate, ShopPhoto, ShopStatus

__all__ = [
    "BankNotification",
    "Cart",
    "CartItem",
    "CategoryMapping",
    "DeliveryMethod",
    "FeedFile",
    "FeedKind",
    "Listing",
    "ListingPhoto",
    "ListingStatus",
    "ListingVariant",
    "LivePin",
    "LiveSession",
    "Marketplace",
    "NotificationStatus",
    "OcopGroup",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderStatus",
    "PaymentMethod",
    "Review",
    "Shop",
    "ShopDeliveryRate",
    "ShopPhoto",
    "ShopStatus",
    "StreamPlatform",
]
