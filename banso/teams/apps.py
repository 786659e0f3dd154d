from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "banso.teams"
    verbose_name = _("Digital technology teams")

    def ready(self) -> None:
        from django.urls import reverse

        from banso.accounts.account_page import account_action_register, area_page_register
        from banso.accounts.selectors import village_team_provider_set
        from banso.common.seeds import seed_again_after_flush
        from banso.indicators.facts import fact_provider_register
        from banso.jobs.imports import import_register
        from banso.teams.imports import teams_import, teams_import_summary
        from banso.teams.indicator_facts import team_facts
        from banso.teams.page_cache import teams_page_signals_connect
        from banso.teams.selectors import team_ids_of_member, team_village_ids_of_member

        seed_again_after_flush(
            self,
            migration="banso.teams.migrations.0002_seed_help_kinds",
            model="teams.HelpKind",
        )
        # A team's active members read their village's households (households asks accounts,
        # which asks the register through this).
        village_team_provider_set(team_village_ids_of_member)
        teams_page_signals_connect()
        # Help given, households reached, teams and members, for the commune scorecard's
        # "village teams' activity" (teams.activities).
        fact_provider_register(team_facts)
        area_page_register(
            label=_("Digital technology teams in your area"),
            url_name="teams:team-list",
            order=76,
        )
        account_action_register(
            label=_("My digital technology team"),
            url_name="teams:my-team",
            order=40,
            shown=lambda user, page: bool(team_ids_of_member(user)),
        )
        import_register(
            name="teams.register",
            function=teams_import,
            summary=teams_import_summary,
            next_url=lambda options: reverse("teams:team-list"),
        )
