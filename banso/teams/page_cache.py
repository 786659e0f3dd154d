"""The ``"teams"`` version of the shared public pages (``common.page_cache``): the communes'
recognition pages count teams, members and help given, and are forgotten after any of them
is saved or deleted."""

from django.db.models.signals import post_delete, post_save

from banso.common.page_cache import page_versions_bump
from banso.teams.models import HelpRecord, Team, TeamMember

TEAMS_PAGE_VERSIONS = ("teams",)


def _changed(sender, **kwargs) -> None:
    page_versions_bump("teams")


def teams_page_signals_connect() -> None:
    for model in (Team, TeamMember, HelpRecord):
        uid = f"teams_pages_{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_deleted")
