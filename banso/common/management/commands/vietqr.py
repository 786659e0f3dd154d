"""``manage.py vietqr --bin B --account A [--amount N] [--purpose TEXT] [--card] [--png FILE]``:
the VietQR payload of a bank account, for the static QR posters shops put up at markets (no
amount: the buyer types it) or a one-off code with an amount.

The payload goes to standard output, so it can be piped into another QR tool; errors go to
standard error with exit status 2, in the language of ``LANGUAGE_CODE`` or ``--language``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from banso.common.qrcode import qr_png
from banso.common.vietqr import VietQRError, encode


class Command(BaseCommand):
    help = "Print the VietQR payload of a bank account (and write it as a PNG)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bin", required=True, help="the bank's 6-digit BIN, e.g. 970436")
        parser.add_argument("--account", required=True, help="account number (or card number)")
        parser.add_argument("--amount", help="amount in whole đồng; none for a static code")
        parser.add_argument("--purpose", default="", help="transfer message, at most 25 letters")
        parser.add_argument("--card", action="store_true", help="the number is a card's")
        parser.add_argument("--png", type=Path, help="also write the QR code to this PNG file")
        parser.add_argument("--scale", type=int, default=8, help="PNG pixels per module")
        parser.add_argument("--language", help="language of the messages (vi, en, zh-hans)")

    def handle(self, *args, **options) -> None:
        language = options.get("language") or translation.get_language() or "vi"
        with translation.override(language):
            try:
                payload = encode(
                    bin=options["bin"],
                    account=options["account"],
                    amount_vnd=options["amount"],
                    purpose=options["purpose"],
                    card=options["card"],
                )
            except VietQRError as error:
                raise CommandError(str(error), returncode=2) from None
            if options.get("png"):
                if not 1 <= options["scale"] <= 64:
                    raise CommandError(_("The scale is 1 to 64 pixels a module."), returncode=2)
                try:
                    options["png"].write_bytes(qr_png(payload, scale=options["scale"]))
                except OSError as error:
                    raise CommandError(
                        _("Could not write %(path)s: %(error)s")
                        % {"path": options["png"], "error": error.strerror},
                        returncode=2,
                    ) from None
        self.stdout.write(payload)
