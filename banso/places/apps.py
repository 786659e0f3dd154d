from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "banso.places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from django.urls import reverse

        from banso.common.navigation import nav_link_register
        from banso.jobs.imports import import_register
        from banso.places.services import villages_import, villages_import_summary

        nav_link_register(label=_("Places"), url_name="places:unit-lookup", order=30)
        import_register(
            name="places.villages",
            function=villages_import,
            summary=villages_import_summary,
            next_url=lambda options: reverse("places:village-list"),
        )
