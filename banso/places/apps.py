from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "banso.places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from banso.common.navigation import nav_link_register

        nav_link_register(label=_("Places"), url_name="places:unit-lookup", order=30)
