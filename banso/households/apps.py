from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "banso.households"
    verbose_name = _("Households")

    def ready(self) -> None:
        from django.urls import reverse

        from banso.common.seeds import seed_again_after_flush

        seed_again_after_flush(
            self,
            migration="banso.households.migrations.0002_national_poverty_standards",
            model="households.PovertyStandard",
        )

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
