"""The ``"orgs"`` version of the shared public pages (``common.page_cache``): the list of
organisations and the marketplace's pages show organisations and their certificates, and are
forgotten after either is saved or deleted."""

from django.db.models.signals import post_delete, post_save

from banso.common.page_cache import page_versions_bump
from banso.orgs.models import Certificate, Organisation

ORGS_PAGE_VERSIONS = ("orgs",)


def _changed(sender, **kwargs) -> None:
    page_versions_bump("orgs")


def orgs_page_signals_connect() -> None:
    for model in (Organisation, Certificate):
        uid = f"orgs_pages_{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_deleted")
