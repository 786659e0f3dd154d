"""How a password reset code reaches its person: a pluggable sender.

``settings.PASSWORD_RESET_CODE_SENDER`` (``BANSO_PASSWORD_RESET_SENDER``) names a class with a
``send(*, user, code, minutes)`` method that returns whether it could send the code. The
embedded default sends an email through Django's email backend (the file backend under
``var/mail`` in the development settings, so it works offline). An SMS gateway plugs in as a
subclass of :class:`ResetCodeSender` that sends ``code`` to ``user.phone`` (E.164); see the
README.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class ResetCodeSender:
    """Sends a one-time code. Subclasses implement :meth:`send`; it must not raise for a
    person it cannot reach (no phone, no email), only return False."""

    def send(self, *, user, code: str, minutes: int) -> bool:
        raise NotImplementedError

    @staticmethod
    def message(code: str, minutes: int) -> str:
        """The text of the message, in the language of the request that asked for it; short
        enough for one SMS."""
        return _(
            "Bản Số: your password reset code is %(code)s. It is valid for %(minutes)d "
            "minutes. Do not give it to anyone."
        ) % {"code": code, "minutes": minutes}


class EmailResetCodeSender(ResetCodeSender):
    """Sends the code by email to the person's address, if they have one."""

    def send(self, *, user, code: str, minutes: int) -> bool:
        if not user.email:
            logger.info("Password reset code not sent: person %s has no email address.", user.pk)
            return False
        send_mail(
            subject=_("Your Bản Số password reset code"),
            message=self.message(code, minutes),
            from_email=None,
            recipient_list=[user.email],
        )
        return True


def reset_code_sender() -> ResetCodeSender:
    return import_string(settings.PASSWORD_RESET_CODE_SENDER)()
