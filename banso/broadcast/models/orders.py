"""The order a commune gives the versions of a bulletin that reaches it from above."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.broadcast.models.bulletins import Bulletin
from banso.common.models import TimeStampedModel
from banso.places.models import AdministrativeUnit


class CommuneVersionOrder(TimeStampedModel):
    """The order in which a bulletin's versions play on one commune's speakers, set by the
    commune's editors for a bulletin of the province (H'Mông first in Mường Khương, Tày first
    in another commune). ``version_ids`` lists the versions in that order; a version added
    later, which the list does not name, plays after them in the bulletin's own order, and a
    removed one is skipped. Without a row the bulletin's order holds."""

    bulletin = models.ForeignKey(
        Bulletin,
        verbose_name=_("bulletin"),
        on_delete=models.PROTECT,
        related_name="commune_orders",
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version_ids = models.JSONField(_("versions in order"), default=list)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order of the versions in a commune")
        verbose_name_plural = _("orders of the versions in communes")
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "commune"], name="broadcast_commune_order_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} · {self.commune_id}"
