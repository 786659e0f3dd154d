from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.market.models.listings import ListingVariant
from banso.market.models.shops import Shop


class StreamPlatform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"


class LiveSession(TimeStampedModel):
    """A shop's livestream sale (bán hàng qua livestream): when, where it streams, and the
    products it pins at a live price. Orders placed from its page during the session carry it."""

    shop = models.ForeignKey(
        Shop, verbose_name=_("shop"), on_delete=models.CASCADE, related_name="live_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    platform = models.CharField(_("streamed on"), max_length=10, choices=StreamPlatform.choices)
    stream_url = models.URLField(_("link to the stream"), max_length=500)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="market_live_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message=_("The session ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class LivePin(TimeStampedModel):
    """A variant pinned to a live session, sold at ``live_price_vnd`` while the session runs."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="pins")
    variant = models.ForeignKey(
        ListingVariant, verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    live_price_vnd = models.PositiveBigIntegerField(
        _("live price (₫)"), validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pinned product")
        verbose_name_plural = _("pinned products")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "variant"], name="market_pin_unique"),
            models.CheckConstraint(condition=Q(live_price_vnd__gte=1), name="market_pin_price"),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.variant}"
