"""The words the offline form's script shows, rendered into the team's page in the person's
language (``json_script``), so the script carries no catalog of its own."""

from django.utils.translation import gettext as _


def offline_strings() -> dict[str, str]:
    return {
        "ready": _("Saved on this phone: this page and its form work without signal."),
        "offline": _("No signal: visits are kept on this phone and sent when it is back."),
        "pending": _("Waiting to be sent"),
        "sending": _("Sending…"),
        "sent": _("Sent. Visits recorded: %(count)s."),
        "conflict": _(
            "The server holds another version of this visit. Both are kept there: choose one "
            "under 'conflicting copies' on the team's page. You may remove it from this phone."
        ),
        "refused": _("Not accepted"),
        "failed": _("Could not send now; it will be tried again."),
        "signed_out": _("Sign in again, then press Send now."),
        "kept": _("Kept on this phone. It will be sent when there is signal."),
        "remove": _("Remove from this phone"),
        "remove_confirm": _("Remove this visit from the phone? It was not recorded."),
        "person": _("Not in the register"),
        "none": _("None."),
    }
