from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The migration that writes the national poverty standards, frozen as they were written.
STANDARDS_MIGRATION = "banso.households.migrations.0002_national_poverty_standards"


def national_standards_ensure(sender, apps=None, using="default", **kwargs) -> None:
    """Write the national standards again when a flush took them (``manage.py flush``, the
    tests' transactional cases), as Django writes its content types again: ``post_migrate``
    follows both. Does nothing while they are there."""
    if apps is None:  # flush sends no migration state: the models as they are
        from django.apps import apps
    migration = import_module(STANDARDS_MIGRATION)
    standard = apps.get_model("households", "PovertyStandard")
    codes = [data["code"] for data in migration.STANDARDS]
    if standard.objects.using(using).filter(code__in=codes).count() < len(codes):
        migration.seed(apps, None)


class HouseholdsConfig(AppConfig):
    name = "banso.households"
    verbose_name = _("Households")

    def ready(self) -> None:
        from django.urls import reverse

        post_migrate.connect(national_standards_ensure, sender=self)

        from banso.accounts.account_page import area_page_register
        from banso.households.imports import households_import, households_import_summary
        from banso.jobs.imports import import_register

        area_page_register(
            label=_("Households in your area"), url_name="households:household-list", order=74
        )
        import_register(
            name="households.review_list",
            function=households_import,
            summary=households_import_summary,
            next_url=lambda options: reverse("households:household-list"),
        )
