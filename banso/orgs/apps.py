from typing import TYPE_CHECKING, cast

from django.apps import AppConfig
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from banso.orgs.models import Organisation


class OrgsConfig(AppConfig):
    name = "banso.orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from banso.accounts.account_page import (
            account_action_register,
            account_page_register,
            area_page_register,
        )
        from banso.common.navigation import nav_link_register
        from banso.lingo.registry import translatable_register
        from banso.lingo.selectors import reviewer_organisations_provider_set
        from banso.orgs.account_page import account_page_memberships
        from banso.orgs.models import Organisation
        from banso.orgs.page_cache import orgs_page_signals_connect
        from banso.orgs.selectors import organisations_scope_is_own, organisations_translated_by

        orgs_page_signals_connect()

        # An organisation's story reaches visitors in their language; its owners and
        # translators review the translations of its texts.
        translatable_register(
            Organisation,
            fields=("description",),
            organisation="id",
            unit_path="unit__path",
            page_versions=("orgs",),
            url=_organisation_url,
        )
        reviewer_organisations_provider_set(organisations_translated_by)

        # The account page lists the person's organisations without accounts importing orgs.
        account_page_register(account_page_memberships)
        nav_link_register(label=_("Organisations"), url_name="orgs:organisation-list", order=20)
        # Visitors find the sign-up of co-operatives beside the sign-in link.
        nav_link_register(
            label=_("Register a co-operative"),
            url_name="orgs:sign-up",
            order=91,
            audience="signed_out",
        )
        account_action_register(
            label=_("Organisations waiting for approval"),
            url_name="orgs:organisations-waiting",
            order=61,
            shown=lambda user, page: (
                user.is_superuser
                or any(grant.role != "village_team_leader" for grant in page.get("grants", ()))
            ),
        )
        account_action_register(
            label=_("Organisations I manage"),
            url_name="orgs:my-organisations",
            order=60,
            # A commune officer changes no organisation: his are on "in the commune".
            shown=lambda user, page: (
                bool(page.get("memberships")) or not organisations_scope_is_own(user)
            ),
        )
        area_page_register(
            label=_("Co-ops and businesses in your area"),
            url_name="orgs:area-organisations",
            order=70,
        )


def _organisation_url(organisation: models.Model) -> str:
    return reverse("orgs:organisation-detail", args=[cast("Organisation", organisation).slug])
