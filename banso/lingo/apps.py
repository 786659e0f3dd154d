from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LingoConfig(AppConfig):
    name = "banso.lingo"
    verbose_name = _("Language conversion")

    def ready(self) -> None:
        from banso.accounts.account_page import account_action_register

        # Registers the system check that says when the configured engine cannot work.
        from banso.lingo.engines import checks  # noqa: F401
        from banso.lingo.receivers import receivers_connect
        from banso.lingo.selectors import is_translator, reviewer_organisation_ids

        receivers_connect()

        # Translators find their queue, and an organisation's people their texts' translations,
        # from the account page (accounts imports no app above it).
        account_action_register(
            label=_("Translations to review"),
            url_name="lingo:queue",
            order=80,
            shown=lambda user, page: is_translator(user),
        )
        account_action_register(
            label=_("Translations of my texts"),
            url_name="lingo:own-texts",
            order=81,
            shown=lambda user, page: is_translator(user) and bool(reviewer_organisation_ids(user)),
        )
