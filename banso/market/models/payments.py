from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.market.models.orders import Order


class NotificationStatus(models.TextChoices):
    MATCHED = "matched", _("Matched to an order")
    UNMATCHED = "unmatched", _("Waiting for a person")
    RESOLVED = "resolved", _("Settled by hand")
    IGNORED = "ignored", _("Not an order payment")


class BankNotification(models.Model):
    """A credit to a shop's account, as a bank-notification service reported it to our webhook.

    ``(provider, external_id)`` is unique, so a notification sent twice is recorded once. It
    confirms an order's payment only when its purpose carries the order's code *and* its amount
    is the order's total; anything else waits in the unmatched queue for a person.
    """

    provider = models.CharField(_("sent by"), max_length=40)
    external_id = models.CharField(_("transaction id"), max_length=100)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    credited_at = models.DateTimeField(_("credited at"), null=True, blank=True)
    account_number = models.CharField(_("account"), max_length=19, blank=True)
    amount_vnd = models.BigIntegerField(_("amount (₫)"))
    description = models.CharField(_("transfer message"), max_length=500, blank=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=NotificationStatus.choices)
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bank_notifications",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Not stored: bank_notification_receive() sets it on the notification it returns.
    is_duplicate: bool

    class Meta:
        verbose_name = _("bank notification")
        verbose_name_plural = _("bank notifications")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"], name="market_bank_notification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.external_id}"
