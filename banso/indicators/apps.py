from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the worker recomputes this year's figures (seconds).
RECOMPUTE_EVERY_SECONDS = 6 * 3600


class IndicatorsConfig(AppConfig):
    name = "banso.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from banso.common.navigation import nav_link_register
        from banso.common.seeds import seed_again_after_flush
        from banso.households.signals import review_list_imported
        from banso.indicators.facts import fact_provider_register
        from banso.indicators.freshness import indicators_refresh_after_import
        from banso.indicators.household_facts import household_facts, recorded_facts
        from banso.indicators.tasks import indicators_recompute_due
        from banso.indicators.telecom_facts import telecom_facts
        from banso.jobs.periodic import periodic_register

        seed_again_after_flush(
            self,
            migration="banso.indicators.migrations.0002_seed_information_indicators",
            model="indicators.Indicator",
        )
        # After 0002's (the table then has rows): the telecom indicators added by 0004.
        seed_again_after_flush(
            self,
            migration="banso.indicators.migrations.0004_seed_telecom_monthly_indicators",
            model="indicators.Indicator",
            lookup={"code": "telecom-traffic-share"},
        )
        fact_provider_register(household_facts)
        fact_provider_register(recorded_facts)
        fact_provider_register(telecom_facts)
        periodic_register(
            name="indicators.recompute",
            every_seconds=RECOMPUTE_EVERY_SECONDS,
            function=indicators_recompute_due,
        )
        review_list_imported.connect(
            indicators_refresh_after_import, dispatch_uid="indicators.refresh_after_import"
        )
        nav_link_register(label=_("Indicators"), url_name="indicators:dashboard", order=40)
