from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from banso.accounts.selectors import officer_scope_for_user, village_team_scope_for_user
from banso.households.models import Assessment, Household, PovertyStandard
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.places.selectors import officer_area_for_user


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


def officer_units_for_user(user) -> list[AdministrativeUnit]:
    """The units whose households' figures ``user`` reads or exports, one section each: the
    units of their officer roles (a commune, a province). A superuser, who covers everything
    as on every other page, reads as a province officer of each province where households are
    registered (the home province while there are none): every commune of the country would
    be thousands of rows of zeros."""
    if not getattr(user, "is_superuser", False):
        return list(officer_area_for_user(user).units)
    provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, is_current=True)
    with_households = list(
        provinces.filter(pk__in=Household.objects.values("unit__parent")).order_by(
            "name_sort", "code"
        )
    )
    return with_households or list(provinces.filter(code=settings.HOME_PROVINCE_CODE))


def households_with_latest_review(households: QuerySet[Household]) -> QuerySet[Household]:
    """``households`` (already scoped by the caller), each annotated with what its latest
    yearly review found: ``latest_review_year``, ``latest_living_standard`` (poor, near-poor
    …) and ``latest_lacks_telecom``; all three empty for a household never reviewed. One
    query, whatever the number of households: what a village team's to-do list reads."""
    latest = Assessment.objects.filter(household=OuterRef("pk")).order_by("-year")
    return households.annotate(
        latest_review_year=Subquery(latest.values("year")[:1]),
        latest_living_standard=Subquery(latest.values("living_standard")[:1]),
        latest_lacks_telecom=Subquery(latest.values("lacks_telecom")[:1]),
    )
