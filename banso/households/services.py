"""Every write of households, members, assessments and export logs.

Who may write: the officers of the household's commune and of its province, and superusers
(``households.rules``); each service checks the actor itself, so the rule holds whichever
door the change came through. An assessment is judged by the standard in force in its year
for the household's province (``selectors.standard_for``), once, when recorded: its flags and
class are stored and no later standard ever recomputes them.
"""

import re
import secrets
from typing import TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_normalize
from banso.households import standards
from banso.households.models import (
    Area,
    Assessment,
    ExportLog,
    Household,
    IndicatorCode,
    Member,
    PovertyStandard,
    Relation,
    deprivation_bits,
)
from banso.households.selectors import standard_for
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.places.selectors import unit_predecessors

# Communes and districts were reorganised on 1 July 2025: the reviews of 2025 on were made by
# today's communes, those of earlier years by the old ones.
REFORM_YEAR = 2025
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,23}$")
# No 0/O or 1/I: codes are read aloud and copied by hand from printed lists.
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _require(user, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _new_code(commune: AdministrativeUnit) -> str:
    token = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    return f"{commune.code}-{token}"


def _phone(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    try:
        return phone_normalize(raw)
    except ValidationError as error:
        raise ValidationError({"phone": error}) from error


def _save(household: Household) -> Household:
    household.head_name = " ".join(household.head_name.split())
    household.unit = household.village.commune
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_create(
    *,
    actor,
    village: Village,
    head_name: str,
    ethnicity: str,
    area: str = Area.RURAL,
    phone: str = "",
    code: str = "",
) -> Household:
    """Register a household in ``village``. ``code`` is the household's code in the commune's
    review list when it has one; otherwise one is made (the commune's code and six letters).
    The code never changes afterwards: re-imports find the household by it."""
    _require(
        actor,
        "households.add_household",
        village,
        _("Only an officer of the village's commune or province may register its households."),
    )
    household = Household(
        village=village,
        head_name=head_name,
        ethnicity=ethnicity,
        area=area,
        phone=_phone(phone),
    )
    given = code.strip().upper()
    if given and not CODE_PATTERN.match(given):
        raise ValidationError(
            {
                "code": ValidationError(
                    _("A household code has 3 to 24 letters, digits and dashes."),
                    code="code_invalid",
                )
            }
        )
    for _attempt in range(5):
        household.code = given or _new_code(village.commune)
        try:
            with transaction.atomic():
                return _save(household)
        except IntegrityError:
            pass  # a household saved meanwhile with the same code
        except ValidationError as error:
            if set(getattr(error, "message_dict", {})) != {"code"}:
                raise
        if given:
            break
    raise ValidationError(
        {"code": ValidationError(_("Another household already has this code."), code="code_taken")}
    )


class HouseholdData(TypedDict, total=False):
    """What may change of a household (never its code)."""

    village: Village
    head_name: str
    phone: str
    ethnicity: str
    area: str


def household_update(*, actor, household: Household, data: HouseholdData) -> Household:
    """Change a household. Moving it to another village needs the right to both: the
    household's present commune and the village's."""
    _require(
        actor,
        "households.change_household",
        household,
        _("Only an officer of the household's commune or province may change it."),
    )
    village = data.get("village")
    if village is not None and village.pk != household.village_id:
        _require(
            actor,
            "households.add_household",
            village,
            _("Only an officer of the village's commune or province may register its households."),
        )
    for field in HouseholdData.__annotations__:
        if field in data:
            value = data[field]  # type: ignore[literal-required]
            setattr(household, field, _phone(value) if field == "phone" else value)
    with transaction.atomic():
        _save(household)
        review_snapshot_refresh(household)
    return household


def member_add(
    *,
    actor,
    household: Household,
    full_name: str,
    sex: str,
    birth_year: int,
    relation: str,
) -> Member:
    _require(
        actor,
        "households.change_household",
        household,
        _("Only an officer of the household's commune or province may change it."),
    )
    member = Member(
        household=household,
        full_name=" ".join(full_name.split()),
        sex=sex,
        birth_year=birth_year,
        relation=relation,
    )
    with transaction.atomic():
        member.full_clean()
        member.save()
        review_snapshot_refresh(household)
    return member


def member_remove(*, actor, member: Member) -> None:
    _require(
        actor,
        "households.change_household",
        member.household,
        _("Only an officer of the household's commune or province may change it."),
    )
    with transaction.atomic():
        member.delete()
        review_snapshot_refresh(member.household)


def head_sex_of(household: Household) -> str:
    """The sex of the member recorded as head ("" when none is)."""
    head = (
        Member.objects.filter(household=household, relation=Relation.HEAD)
        .order_by("pk")
        .values_list("sex", flat=True)
        .first()
    )
    return head or ""


def review_unit_check(
    household: Household, unit: AdministrativeUnit | None, *, year: int
) -> AdministrativeUnit:
    """The commune a review of ``household`` was made in: its commune of today when ``unit``
    is None, else ``unit`` itself, which must be that commune or, for a review of a year
    before 2025, one of the old communes it took in on 1 July 2025 (the review list of 2023
    was made by the old commune)."""
    if unit is None or unit.pk == household.unit_id:
        return household.unit
    if year >= REFORM_YEAR:
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("Reviews from %(year)s on are made by today's communes.")
                    % {"year": REFORM_YEAR},
                    code="unit_retired",
                )
            }
        )
    if not unit_predecessors(household.unit).filter(pk=unit.pk).exists():
        raise ValidationError(
            {
                "unit": ValidationError(
                    _(
                        "%(unit)s is not %(commune)s nor one of the old communes it took in "
                        "on 1 July 2025."
                    )
                    % {"unit": unit.name, "commune": household.unit.name},
                    code="unit_not_predecessor",
                )
            }
        )
    return unit


def review_snapshot_refresh(household: Household) -> None:
    """Carry a correction of the household's ethnicity or head to its latest review (earlier
    reviews keep what they found), and a move to another village of the same commune. A
    review made in another commune stays where it was made."""
    latest = Assessment.objects.filter(household=household).order_by("-year").first()
    if latest is None:
        return
    latest.ethnicity = household.ethnicity
    latest.head_sex = head_sex_of(household)
    fields = ["ethnicity", "head_sex"]
    village_commune = household.village.commune_id
    if latest.unit_id == village_commune and latest.village_id != household.village_id:
        latest.village_id = household.village_id
        fields.append("village")
    latest.save(update_fields=fields)


def _province(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    parent = unit.parent
    while parent is not None and parent.level != UnitLevel.PROVINCE:
        parent = parent.parent
    return parent


class Judgement(TypedDict):
    """What a standard makes of a household's answers: the computed fields of an assessment."""

    answers: dict
    income_per_capita_vnd: int
    deprived_indicators: list[str]
    deprivation_count: int
    living_standard: str
    lacks_telecom: bool
    lacks_information_means: bool | None


def assessment_judge(
    *, standard: PovertyStandard, area: str, answers: dict, income_per_capita_vnd: int
) -> Judgement:
    """Judge ``answers`` by ``standard`` (its indicators read with ``prefetch_related``, as
    ``standard_for`` gives it): the deprivation flags, their count, the class and the two
    information flags. Pure: no query beyond the standard's indicators, no write, so that
    ``assessment_record`` and the import's bulk write judge by the same rules. Raises
    ``ValidationError`` when the answers are not those the standard asks."""
    codes = [indicator.code for indicator in standard.indicators.all()]
    errors = standards.answer_errors(answers, codes)
    if errors:
        raise ValidationError({"answers": [f"{key}: {message}" for key, message in errors.items()]})
    deprived = standards.deprivations(answers, codes)
    return Judgement(
        answers=dict(answers),
        income_per_capita_vnd=income_per_capita_vnd,
        deprived_indicators=deprived,
        deprivation_count=len(deprived),
        living_standard=standards.living_standard(
            income_per_capita_vnd=income_per_capita_vnd,
            deprivation_count=len(deprived),
            poverty_line_vnd=standard.poverty_line_vnd(area),
            medium_line_vnd=standard.medium_line_vnd(area),
            deprivation_threshold=standard.deprivation_threshold,
        ),
        lacks_telecom=IndicatorCode.TELECOM in deprived,
        lacks_information_means=(
            IndicatorCode.INFORMATION_MEANS in deprived
            if IndicatorCode.INFORMATION_MEANS in codes
            else None
        ),
    )


@transaction.atomic
def assessment_record(
    *,
    actor,
    household: Household,
    year: int,
    answers: dict,
    income_per_capita_vnd: int,
    unit: AdministrativeUnit | None = None,
) -> Assessment:
    """Record the household's review of ``year`` (or correct it): the answers and the income
    per person a month, judged by the standard in force that year for the household's
    province. The deprivation flags, their count, the class and the two information flags are
    computed here and stored with the standard used, and the household as the review finds it
    (village, ethnicity, head). ``unit`` is the commune the review was made in when it is one
    of the old communes that today's took in (see ``review_unit_check``)."""
    _require(
        actor,
        "households.add_assessment",
        household,
        _("Only an officer of the household's commune or province may record its review."),
    )
    try:
        standard = standard_for(year=year, province=_province(household.unit))
    except PovertyStandard.DoesNotExist as error:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("No poverty standard is in force in %(year)s.") % {"year": year},
                    code="no_standard",
                )
            }
        ) from error
    judgement = assessment_judge(
        standard=standard,
        area=household.area,
        answers=answers,
        income_per_capita_vnd=income_per_capita_vnd,
    )
    assessment = (
        Assessment.objects.select_for_update().filter(household=household, year=year).first()
    )
    if assessment is None:
        assessment = Assessment(household=household, year=year)
    elif unit is None:
        unit = assessment.unit  # a correction keeps the commune the review was made in
    values: dict = {
        "standard": standard,
        **judgement,
        "deprivation_bits": deprivation_bits(judgement["deprived_indicators"]),
        "village_id": household.village_id,
        "unit": review_unit_check(household, unit, year=year),
        "ethnicity": household.ethnicity,
        "head_sex": head_sex_of(household),
        "made_by": actor if getattr(actor, "is_authenticated", False) else None,
        "made_at": timezone.now(),
    }
    for field, value in values.items():
        setattr(assessment, field, value)
    assessment.full_clean()
    assessment.save()
    return assessment


def export_log_record(
    *, actor, unit: AdministrativeUnit, kind: str, purpose: str, row_count: int
) -> ExportLog:
    """Log an export of households' personal data before it is made: who, why, which unit,
    what and how many rows. Every export of names calls this; a refused one exports nothing."""
    _require(
        actor,
        "households.export_household",
        unit,
        _("Only an officer of this commune or province may export its households."),
    )
    log = ExportLog(
        made_by=actor, unit=unit, kind=kind, purpose=" ".join(purpose.split()), row_count=row_count
    )
    log.full_clean()
    log.save()
    return log
