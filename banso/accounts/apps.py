from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "banso.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from banso.accounts.selectors import officer_scope_for_user
        from banso.common.navigation import nav_link_register
        from banso.places.scopes import officer_scope_provider_set

        # Places reads officers' roles through this function instead of importing accounts.
        officer_scope_provider_set(officer_scope_for_user)
        nav_link_register(
            label=_("My account"), url_name="accounts:profile", order=90, audience="signed_in"
        )
        nav_link_register(
            label=_("Sign in"), url_name="accounts:login", order=90, audience="signed_out"
        )
