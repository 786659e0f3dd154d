from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LingoConfig(AppConfig):
    name = "banso.lingo"
    verbose_name = _("Language conversion")

    def ready(self) -> None:
        from banso.accounts.account_page import account_action_register

        # Registers the system check that says when the configured engine cannot work.
        from banso.jobs.periodic import periodic_register
        from banso.lingo.engines import checks  # noqa: F401
        from banso.lingo.receivers import receivers_connect
        from banso.lingo.selectors import is_translator, reviewer_organisation_ids
        from banso.lingo.services import translations_unfilled_enqueue
        from banso.lingo.speech.engines import checks as speech_checks  # noqa: F401

        receivers_connect()
        # Translations whose engine could not answer are asked again once it is back.
        periodic_register(
            name="lingo.translations_unfilled",
            every_seconds=300,
            function=translations_unfilled_enqueue,
        )
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
