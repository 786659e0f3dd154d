from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StampsConfig(AppConfig):
    name = "banso.stamps"
    verbose_name = _("QR stamps")

    def ready(self) -> None:
        from banso.accounts.account_page import account_action_register, area_page_register
        from banso.indicators.facts import fact_provider_register
        from banso.jobs.periodic import periodic_register
        from banso.jobs.resume import task_resumable_register
        from banso.stamps.indicator_facts import stamp_facts
        from banso.stamps.provider import provider
        from banso.stamps.services.runs import (
            RESUME_CHECK_SECONDS,
            stamp_run_give_up,
            stamp_runs_resume_check,
        )
        from banso.stamps.tasks import stamp_run_task
        from banso.trace.resolver import register_link_provider

        register_link_provider(provider)
        # Scans of the commune's producers' stamps, for the commune digital scorecard.
        fact_provider_register(stamp_facts)
        # A task lost with its worker is queued again by ``banso.jobs``; the check below also
        # finds runs whose task was lost from the queue itself.
        task_resumable_register(stamp_run_task, give_up=stamp_run_give_up)
        periodic_register(
            name="stamps.runs_resume",
            every_seconds=RESUME_CHECK_SECONDS,
            function=stamp_runs_resume_check,
        )
        account_action_register(
            label=_("My stamps"),
            url_name="stamps:run-list",
            order=30,
            shown=lambda user, page: bool(page.get("memberships")),
        )
        area_page_register(
            label=_("Stamps in your area"),
            url_name="stamps:area-stamps",
            order=72,
        )
