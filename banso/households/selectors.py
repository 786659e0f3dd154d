from django.db.models import Q, QuerySet

from banso.accounts.selectors import officer_scope_for_user, village_team_scope_for_user
from banso.households.models import Household, PovertyStandard
from banso.places.models import AdministrativeUnit


def households_for_user(user) -> QuerySet[Household]:
    """The households ``user`` may read (names included): the one scope every page, export and
    API of households goes through, the list twin of ``households.view_household``.

    A commune officer reads the households of their commune, a province officer those of their
    province, the village's digital-technology team those of their village (a village team
    leader's role grant, or an active membership of the village's team in the team register:
    ``accounts.selectors.village_team_scope_for_user``), a superuser all. Anyone else,
    the public included, reads none: the public sees only aggregated figures.
    """
    households = Household.objects.select_related("village", "unit")
    if not getattr(user, "is_authenticated", False):
        return households.none()
    if user.is_superuser:
        return households
    officer = officer_scope_for_user(user)
    team = village_team_scope_for_user(user)
    scope = officer.unit_q("unit__path") | Q(village_id__in=team.village_ids)
    return households.filter(scope)


def household_by_code(user, code: str) -> Household | None:
    """The household of this code, if ``user`` may read it (None otherwise, as if unknown)."""
    return households_for_user(user).filter(code=code.strip().upper()).first()


def standard_for(*, year: int, province: AdministrativeUnit | None) -> PovertyStandard:
    """The poverty standard in force in ``year`` for households of ``province``: the
    province's own standard for that year if it set one, else the national one.

    Raises ``PovertyStandard.DoesNotExist`` when no standard covers the year.
    """
    in_force = (
        PovertyStandard.objects.filter(valid_from_year__lte=year)
        .filter(Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year))
        .prefetch_related("indicators")
    )
    if province is not None:
        local = in_force.filter(province=province).order_by("-valid_from_year").first()
        if local is not None:
            return local
    national = in_force.filter(province__isnull=True).order_by("-valid_from_year").first()
    if national is None:
        raise PovertyStandard.DoesNotExist(f"No poverty standard is in force in {year}.")
    return national
