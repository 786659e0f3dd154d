from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "banso.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from banso.accounts.selectors import officer_scope_for_user
        from banso.places.scopes import officer_scope_provider_set

        # Places reads officers' roles through this function instead of importing accounts.
        officer_scope_provider_set(officer_scope_for_user)
