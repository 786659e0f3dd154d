"""Excel import of a commune's review list (danh sách rà soát hộ nghèo, hộ cận nghèo): one
household a row, with its review of one year.

The columns are found by their header (in Vietnamese, English or Chinese, as the empty
workbook writes them): household code, village, head's name, ethnicity, area, phone, members,
year, income per person a month, then one column per question of the standards
(``standards.QUESTIONS``; yes/no written "có"/"không"). A row is judged by the standard in
force in its year: the questions that standard asks must be answered, the others are ignored.

The workbook is read twice, streaming, so that memory stays flat whatever its size: the first
pass checks every row (looking households up a chunk at a time) and keeps only the codes seen;
when no row has an error, the second pass writes every household and its review through the
services, in one transaction. A household is found again by its code: a re-import updates it
and corrects that year's review instead of adding a household.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from banso.accounts.phone import phone_normalize
from banso.common.imports import (
    ImportReport,
    ImportResult,
    RowError,
    SheetColumns,
    read_text,
    read_whole,
    rows_chunked,
)
from banso.common.text import fold
from banso.common.workbooks import WorkbookLimits, workbook_header, workbook_iter_rows
from banso.households import standards
from banso.households.ethnicities import Ethnicity
from banso.households.models import (
    Area,
    Assessment,
    Household,
    Member,
    PovertyStandard,
    Relation,
    deprivation_bits,
)
from banso.households.selectors import households_for_user, standard_for
from banso.households.services import (
    CODE_PATTERN,
    REFORM_YEAR,
    HouseholdData,
    Judgement,
    assessment_judge,
)
from banso.households.signals import review_list_imported
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.places.selectors import unit_predecessors

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A province's review list fits: Lào Cai counts about 20,000 poor and near-poor households.
MAX_ROWS = 25_000
HOUSEHOLD_IMPORT_LIMITS = WorkbookLimits(rows=MAX_ROWS, columns=40)
# Households looked up in the database a chunk of rows at a time while checking.
CHUNK_ROWS = 500

CODE, VILLAGE, HEAD, ETHNICITY, AREA, PHONE, MEMBERS, YEAR, INCOME = (
    "code",
    "village",
    "head_name",
    "ethnicity",
    "area",
    "phone",
    "members",
    "year",
    "income",
)
FIXED_COLUMNS = {
    CODE: gettext_lazy("Household code"),
    VILLAGE: gettext_lazy("Village (number or name)"),
    HEAD: gettext_lazy("Head of household"),
    ETHNICITY: gettext_lazy("Ethnicity"),
    AREA: gettext_lazy("Area (rural or urban)"),
    PHONE: gettext_lazy("Phone number"),
    MEMBERS: gettext_lazy("People in the household"),
    YEAR: gettext_lazy("Year of the review"),
    INCOME: gettext_lazy("Income per person a month (₫)"),
}
OPTIONAL_COLUMNS = {PHONE, AREA}
YES_WORDS = {"co", "yes", "x", "1", "true", "是"}
NO_WORDS = {"khong", "no", "0", "false", "否"}
AREA_WORDS = {
    "": Area.RURAL,
    "nong thon": Area.RURAL,
    "rural": Area.RURAL,
    "农村": Area.RURAL,
    "thanh thi": Area.URBAN,
    "do thi": Area.URBAN,
    "urban": Area.URBAN,
    "城市": Area.URBAN,
}


def _question_columns() -> dict[str, Any]:
    return {
        key: question.label for key, question in standards.QUESTIONS.items() if key != "members"
    }


def import_columns() -> dict[str, Any]:
    """Every column, by key, with its header (lazy, in the active language)."""
    return {**FIXED_COLUMNS, **_question_columns()}


def template_workbook() -> Workbook:
    """An empty workbook with the header row in Vietnamese and one example row."""
    with translation.override("vi"):
        headers = [str(label) for label in import_columns().values()]
        title = _("Review list")[:31]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    example: dict[str, object] = {
        CODE: "02761-0001",
        VILLAGE: "Mã Tuyển",
        HEAD: "Thào Seo Lử",
        ETHNICITY: "Mông (H'Mông)",
        AREA: "nông thôn",
        PHONE: "0912345678",
        MEMBERS: 5,
        YEAR: 2025,
        INCOME: 1200000,
        "working_age_without_job": 0,
        "dependants": 2,
        "malnourished_children": 0,
        "uninsured_members": 0,
        "young_adults_without_schooling": 1,
        "children_out_of_school": 0,
        "has_solid_house": "không",
        "floor_area_m2": 36,
        "has_safe_water": "có",
        "has_hygienic_latrine": "không",
        "members_using_telecom": 2,
        "has_information_means": "có",
    }
    sheet.append([example.get(key) for key in import_columns()])
    for index in range(len(headers)):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = 18
    return workbook


def _ethnicities() -> dict[str, str]:
    known = {code: code for code in Ethnicity.values}
    known.update({str(int(code)): code for code in Ethnicity.values})
    for code, label in Ethnicity.choices:
        known[fold(str(label))] = code
        known[fold(str(label).split(" (")[0])] = code
    return known


@dataclass
class _Row:
    number: int
    code: str
    village: Village | None = None
    data: HouseholdData = field(default_factory=lambda: HouseholdData())
    year: int = 0
    income: int = 0
    answers: dict[str, object] = field(default_factory=dict)


class _Reader:
    """Parses and checks rows; what it needs of the database it keeps small (villages of one
    commune, the standards of a few years)."""

    def __init__(
        self,
        *,
        actor,
        commune: AdministrativeUnit,
        headers: tuple,
        review_unit: AdministrativeUnit | None = None,
    ):
        self.actor = actor
        self.commune = commune
        # The old commune that made the list (reviews before 2025), or None: today's commune.
        self.review_unit = review_unit
        self.columns = SheetColumns(
            headers,
            columns=import_columns(),
            required=[key for key in FIXED_COLUMNS if key not in OPTIONAL_COLUMNS],
        )
        villages = list(Village.objects.filter(commune=commune))
        self.villages_by_id = {str(v.pk): v for v in villages}
        self.villages_by_name = {v.name_folded: v for v in villages}
        self.villages_by_name.update({fold(str(v)): v for v in villages})
        self.ethnicities = _ethnicities()
        self.province = commune.parent
        self.standards: dict[int, PovertyStandard | None] = {}
        self.years: set[int] = set()  # the years written, for the figures to follow

    def header(self, key: str) -> str:
        return self.columns.header(key)

    def standard(self, year: int) -> PovertyStandard | None:
        if year not in self.standards:
            try:
                self.standards[year] = standard_for(year=year, province=self.province)
            except PovertyStandard.DoesNotExist:
                self.standards[year] = None
        return self.standards[year]

    def _value(self, values: tuple, key: str):
        return self.columns.value(values, key)

    def parse(self, number: int, values: tuple, errors: list[RowError]) -> _Row | None:
        """The row, or None when it is empty; its problems are added to ``errors``."""
        if all(read_text(value) == "" for value in values):
            return None

        def error(key: str, message: str) -> None:
            errors.append(RowError(number, self.header(key), message))

        code = read_text(self._value(values, CODE)).upper()
        if not code:
            error(CODE, _("Write the household's code from the review list."))
        elif not CODE_PATTERN.match(code):
            error(CODE, _("A household code has 3 to 24 letters, digits and dashes."))
        row = _Row(number=number, code=code)
        village_text = read_text(self._value(values, VILLAGE))
        row.village = self.villages_by_id.get(village_text) or self.villages_by_name.get(
            fold(village_text)
        )
        if row.village is None:
            error(
                VILLAGE,
                _("The commune %(commune)s has no village “%(village)s”.")
                % {"commune": self.commune.name, "village": village_text},
            )
        head = read_text(self._value(values, HEAD))
        if not head:
            error(HEAD, _("Write the name of the head of household."))
        elif len(head) > 120:
            error(HEAD, _("The name is longer than 120 characters."))
        ethnicity_text = read_text(self._value(values, ETHNICITY))
        ethnicity = self.ethnicities.get(fold(ethnicity_text)) or self.ethnicities.get(
            ethnicity_text.zfill(2) if ethnicity_text.isdigit() else ""
        )
        if ethnicity is None:
            error(ETHNICITY, _("Unknown ethnicity: write its name or its code (01 to 54)."))
        area = AREA_WORDS.get(fold(read_text(self._value(values, AREA))))
        if area is None:
            error(AREA, _("Write “nông thôn” (rural) or “thành thị” (urban)."))
        phone = read_text(self._value(values, PHONE))
        if phone:
            try:
                phone = phone_normalize(phone)
            except ValidationError as problem:
                error(PHONE, problem.messages[0])
        row.data = HouseholdData(
            village=row.village,  # type: ignore[typeddict-item]
            head_name=head,
            ethnicity=ethnicity or "",
            area=area or Area.RURAL,
            phone=phone,
        )
        try:
            row.year = read_whole(self._value(values, YEAR))
        except ValueError:
            error(YEAR, _("Write the year of the review, for example 2025."))
        try:
            row.income = read_whole(self._value(values, INCOME))
        except ValueError:
            error(INCOME, _("The income must be a whole number of đồng, 0 or more."))
        standard = self.standard(row.year) if row.year else None
        if row.year and standard is None:
            error(YEAR, _("No poverty standard is in force in %(year)s.") % {"year": row.year})
        if self.review_unit is not None and row.year >= REFORM_YEAR:
            error(
                YEAR,
                _(
                    "The list was made by the old commune %(unit)s: its reviews are of years "
                    "before %(year)s."
                )
                % {"unit": self.review_unit.name, "year": REFORM_YEAR},
            )
        if standard is not None:
            self._answers(row, values, standard, error)
        return row

    def _answers(self, row: _Row, values: tuple, standard: PovertyStandard, error) -> None:
        codes = [indicator.code for indicator in standard.indicators.all()]
        for question in standards.questions_for(codes):
            key = question.key
            if key not in self.columns:
                error(key, _("This column is missing: the standard of this year asks it."))
                continue
            raw = self._value(values, key)
            if question.kind is bool:
                word = fold(read_text(raw))
                if word in YES_WORDS:
                    row.answers[key] = True
                elif word in NO_WORDS:
                    row.answers[key] = False
                else:
                    error(key, _("Answer “có” (yes) or “không” (no)."))
                continue
            try:
                number = read_whole(raw)
            except ValueError:
                error(key, _("Answer with a whole number."))
                continue
            if number < question.minimum:
                error(
                    key,
                    _("The answer must be at least %(minimum)d.") % {"minimum": question.minimum},
                )
            row.answers[key] = number

    def rows(self, upload) -> Iterator[tuple[int, tuple]]:
        rows = workbook_iter_rows(upload, limits=HOUSEHOLD_IMPORT_LIMITS)
        next(rows, None)
        yield from enumerate(rows, start=2)


def _open(
    *, actor, commune: AdministrativeUnit, upload, review_unit: AdministrativeUnit | None
) -> _Reader:
    headers = workbook_header(upload, limits=HOUSEHOLD_IMPORT_LIMITS)
    if headers is None:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    return _Reader(actor=actor, commune=commune, headers=headers, review_unit=review_unit)


def _check(reader: _Reader, upload, result: ImportResult) -> int:
    """First pass: every row checked; returns how many rows there are."""
    seen: set[str] = set()
    count = 0
    for chunk in rows_chunked(reader.rows(upload), CHUNK_ROWS):
        parsed: list[_Row] = []
        for number, values in chunk:
            row = reader.parse(number, values, result.errors)
            if row is not None:
                parsed.append(row)
        codes = [row.code for row in parsed if row.code]
        readable = set(
            households_for_user(reader.actor).filter(code__in=codes).values_list("code", flat=True)
        )
        taken = set(Household.objects.filter(code__in=codes).values_list("code", flat=True))
        for row in parsed:
            count += 1
            if not row.code:
                continue
            if row.code in seen:
                result.errors.append(
                    RowError(
                        row.number,
                        reader.header(CODE),
                        _("This household appears twice in the file."),
                    )
                )
            elif row.code in taken and row.code not in readable:
                result.errors.append(
                    RowError(
                        row.number,
                        reader.header(CODE),
                        _("Another household already has this code."),
                    )
                )
            seen.add(row.code)
    return count


class _Writer:
    """Writes a chunk of checked rows with a few queries (households looked up by code,
    ``bulk_create`` / ``bulk_update`` of households and assessments) instead of the services'
    eight to ten a row, under the same rules: the same permissions, asked once per commune
    and village instead of once a row; the same field checks (``full_clean`` without the
    queries of foreign keys and unique codes, which the first pass and the constraints
    already guard); each review judged by ``services.assessment_judge``, as
    ``assessment_record`` judges it."""

    HOUSEHOLD_FIELDS = ["village", "unit", "head_name", "phone", "ethnicity", "area", "updated_at"]
    ASSESSMENT_FIELDS = [
        "standard",
        "answers",
        "income_per_capita_vnd",
        "deprived_indicators",
        "deprivation_bits",
        "deprivation_count",
        "living_standard",
        "village",
        "unit",
        "ethnicity",
        "head_sex",
        "lacks_telecom",
        "lacks_information_means",
        "made_by",
        "made_at",
    ]

    def __init__(self, reader: _Reader, result: ImportResult):
        self.reader = reader
        self.result = result
        self.actor = reader.actor
        self.made_by = self.actor if getattr(self.actor, "is_authenticated", False) else None
        self.scope = households_for_user(self.actor)
        self.may: dict[tuple[str, int], bool] = {}

    def _allowed(self, perm: str, obj, key: int) -> bool:
        if (perm, key) not in self.may:
            self.may[perm, key] = self.actor.has_perm(perm, obj)
        return self.may[perm, key]

    def _refuse(self, row: _Row, message: str) -> None:
        self.result.errors.append(RowError(row.number, "", message))

    def _household(self, row: _Row, existing: dict[str, Household], now) -> Household | None:
        village = row.village
        assert village is not None  # the first pass found every row's village
        household = existing.get(row.code)
        if household is None:
            if not self._allowed("households.add_household", village, village.pk):
                self._refuse(
                    row,
                    _(
                        "Only an officer of the village's commune or province may register "
                        "its households."
                    ),
                )
                return None
            household = Household(code=row.code)
        elif not self._allowed("households.change_household", household, household.unit_id):
            self._refuse(
                row, _("Only an officer of the household's commune or province may change it.")
            )
            return None
        elif household.village_id != village.pk and not self._allowed(
            "households.add_household", village, village.pk
        ):
            self._refuse(
                row,
                _(
                    "Only an officer of the village's commune or province may register "
                    "its households."
                ),
            )
            return None
        household.village = village
        household.unit = village.commune
        household.head_name = " ".join(row.data["head_name"].split())
        household.phone = row.data["phone"]
        household.ethnicity = row.data["ethnicity"]
        household.area = row.data["area"]
        household.updated_at = now
        household.full_clean(exclude=["village", "unit"], validate_unique=False)
        return household

    def write(self, parsed: list[_Row]) -> None:
        now = timezone.now()
        existing = {h.code: h for h in self.scope.filter(code__in=[row.code for row in parsed])}
        written: list[tuple[_Row, Household, Judgement]] = []
        for row in parsed:
            try:
                household = self._household(row, existing, now)
                if household is None:
                    continue
                standard = self.reader.standard(row.year)
                assert standard is not None  # the first pass checked the year
                judged = assessment_judge(
                    standard=standard,
                    area=household.area,
                    answers=row.answers,
                    income_per_capita_vnd=row.income,
                )
            except ValidationError as problem:
                self._error(row, problem)
                continue
            written.append((row, household, judged))
            self.reader.years.add(row.year)
        if self.result.errors:
            return  # nothing will be kept: spare the writes, go on checking
        created = [household for _row, household, _judged in written if household.pk is None]
        updated = [household for _row, household, _judged in written if household.pk is not None]
        Household.objects.bulk_create(created)
        if created and created[0].pk is None:  # a database that returns no keys
            keys = dict(
                Household.objects.filter(code__in=[h.code for h in created]).values_list(
                    "code", "pk"
                )
            )
            for household in created:
                household.pk = keys[household.code]
        Household.objects.bulk_update(updated, self.HOUSEHOLD_FIELDS)
        self.result.created += len(created)
        self.result.updated += len(updated)
        self._assessments(written, now)

    def _assessments(self, written: list[tuple[_Row, Household, Judgement]], now) -> None:
        known = {
            (assessment.household_id, assessment.year): assessment
            for assessment in Assessment.objects.select_for_update().filter(
                household__in=[household.pk for _row, household, _judged in written],
                year__in={row.year for row, _household, _judged in written},
            )
        }
        heads = dict(
            Member.objects.filter(
                household__in=[household.pk for _row, household, _judged in written],
                relation=Relation.HEAD,
            )
            .order_by("household_id", "-pk")
            .values_list("household_id", "sex")
        )
        new: list[Assessment] = []
        corrected: list[Assessment] = []
        for row, household, judged in written:
            assessment = known.get((household.pk, row.year))
            if assessment is None:
                assessment = Assessment(household=household, year=row.year)
                assessment.unit_id = household.unit_id
                new.append(assessment)
            else:
                corrected.append(assessment)
            for name, value in judged.items():
                setattr(assessment, name, value)
            # The household as the review finds it (``services.assessment_record`` does the
            # same); a correction keeps the commune the review was made in unless the list
            # names its old commune.
            assessment.deprivation_bits = deprivation_bits(judged["deprived_indicators"])
            assessment.village_id = household.village_id
            if self.reader.review_unit is not None:
                assessment.unit_id = self.reader.review_unit.pk
            assessment.ethnicity = household.ethnicity
            assessment.head_sex = heads.get(household.pk, "")
            assessment.standard = self.reader.standards[row.year]  # type: ignore[assignment]
            assessment.made_by = self.made_by
            assessment.made_at = now
            assessment.full_clean(
                exclude=["household", "standard", "made_by", "village", "unit"],
                validate_unique=False,
                validate_constraints=False,
            )
        Assessment.objects.bulk_create(new)
        Assessment.objects.bulk_update(corrected, self.ASSESSMENT_FIELDS)

    def _error(self, row: _Row, problem: ValidationError) -> None:
        # A rule only the services know: reported on its row, and nothing is written.
        items = (
            problem.message_dict.items()
            if hasattr(problem, "error_dict")
            else [("", problem.messages)]
        )
        for name, messages in items:
            self.result.errors.append(RowError(row.number, name, "; ".join(messages)))


def _write(reader: _Reader, upload, result: ImportResult) -> None:
    """Second pass, inside the transaction: every household and its review, a chunk of rows
    at a time (``_Writer``)."""
    writer = _Writer(reader, result)
    for chunk in rows_chunked(reader.rows(upload), CHUNK_ROWS):
        parsed = [r for n, v in chunk if (r := reader.parse(n, v, result.errors)) is not None]
        writer.write(parsed)


def households_import(
    *,
    actor,
    upload,
    commune_id: int,
    review_unit_id: int | None = None,
    report: ImportReport | None = None,
) -> ImportResult:
    """Create or update the households of a commune's review list and record each row's
    review; any error and nothing is written. ``actor`` must be an officer of the commune
    (the services check every row again). ``review_unit_id`` names the old commune that made
    the list when it is a review before 2025 of one of the communes today's took in: its
    figures then count under that old commune and its district too."""
    report = report or ImportReport()
    commune = AdministrativeUnit.objects.select_related("parent").get(
        pk=commune_id, is_current=True, level=UnitLevel.COMMUNE
    )
    if not actor.has_perm("households.export_household", commune):
        raise ValidationError(
            _("Only an officer of this commune or province may import its households."),
            code="scope",
        )
    review_unit = None
    if review_unit_id is not None:
        review_unit = unit_predecessors(commune).filter(pk=review_unit_id).first()
        if review_unit is None:
            raise ValidationError(
                _("This old commune is not one that %(commune)s took in.")
                % {"commune": commune.name},
                code="review_unit",
            )
    reader = _open(actor=actor, commune=commune, upload=upload, review_unit=review_unit)
    report.percent(10, _("Checking the rows"))
    result = ImportResult()
    count = _check(reader, upload, result)
    if not result.errors and count == 0:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    if result.errors:
        return result
    report.percent(50, _("Writing"))
    with transaction.atomic():
        _write(reader, upload, result)
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = 0
        else:
            report.done(result)
    if result.ok:
        years = frozenset(reader.years)
        send = review_list_imported.send
        transaction.on_commit(lambda: send(sender=Household, commune=commune, years=years))
        logger.info(
            "households import: user %s, commune %s, %d created, %d updated",
            actor.pk,
            commune.code,
            result.created,
            result.updated,
        )
    return result


def households_import_summary(result: ImportResult) -> str:
    return _("The review list was imported: %(created)d households added, %(updated)d updated.") % {
        "created": result.created,
        "updated": result.updated,
    }
