"""The glossary as an Excel workbook: exported for officers to edit in Excel, imported back.

Columns, in this order, under a header row: term, kind, do not translate, one column per
language a term may have a rendering in (English, 简体中文: the order of
``settings.LANGUAGES``), note. The columns are read by position, so a workbook exported in one
language imports in another. Kind is written as its name in any of the site's languages
("Địa danh", "Place") or its code ("place"); "do not translate" as có/không, yes/no, 1/0 or x
(an empty cell is no).

The import checks every row before it writes any, then writes all of them in one transaction,
through the glossary's own services: a row whose term is already in the glossary (compared
folded, so "sa pa" is "Sa Pa") changes that term, the others are added; a workbook with one bad
row writes nothing and every error names its row.

It runs within the request, not as a background job (``banso.jobs``): a province's glossary is
a few hundred terms, read and written in well under a second, far from the
``IN_REQUEST_ROWS`` at which imports go to the worker; its limit below refuses a workbook that
is no glossary.
"""

from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from banso.common.exports import sheet_append
from banso.common.imports import ImportResult, RowError
from banso.common.text import fold
from banso.common.workbooks import WorkbookLimits, workbook_rows
from banso.lingo.glossary import (
    GlossaryTermData,
    glossary_may_edit,
    glossary_term_create,
    glossary_term_fill,
    glossary_term_folded,
    glossary_term_update,
    target_language_names,
)
from banso.lingo.models import GlossaryKind, GlossaryTerm

GLOSSARY_IMPORT_LIMITS = WorkbookLimits(rows=5_000, columns=20)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a "do not translate" cell may say, folded; the words of the person's language are added.
YES_WORDS = {"co", "yes", "y", "1", "x", "true", "是"}
NO_WORDS = {"", "khong", "no", "n", "0", "false", "否"}


def _header() -> list[str]:
    languages = [name for _code, name in target_language_names()]
    return [_("Term"), _("Kind"), _("Do not translate"), *languages, _("Note")]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def glossary_workbook() -> bytes:
    """The whole glossary as an .xlsx, in the active language, ready to import again."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Glossary")[:31]
    sheet_append(sheet, _header())
    languages = [code for code, _name in target_language_names()]
    for term in GlossaryTerm.objects.order_by("term_folded"):
        sheet_append(
            sheet,
            [
                term.term,
                term.get_kind_display(),
                _yes_no(term.do_not_translate),
                *[(term.renderings or {}).get(code, "") for code in languages],
                term.note,
            ],
        )
    for column, width in zip("ABC", (28, 16, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _kind_words() -> dict[str, str]:
    """Each kind's code and its name in every language of the site, folded."""
    from django.conf import settings

    words = {}
    for kind in GlossaryKind:
        words[fold(kind.value)] = kind.value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                words[fold(str(kind.label))] = kind.value
    return words


def _flag(value: object) -> bool | None:
    """True, False, or None for a cell that says neither."""
    if isinstance(value, bool):
        return value
    text = fold(str(value if value is not None else ""))
    if text.endswith(".0"):  # a number cell: 1.0
        text = text[:-2]
    if text in YES_WORDS or text == fold(_("yes")):
        return True
    if text in NO_WORDS or text == fold(_("no")):
        return False
    return None


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def glossary_import(*, actor, upload) -> ImportResult:
    """Add and change terms from a workbook (the columns above); one bad row and nothing is
    written. Raises ``PermissionDenied`` for a person who does not keep the glossary and
    ``ValidationError`` for a file that is no workbook or has no rows."""
    if not glossary_may_edit(actor):
        raise PermissionDenied(_("Only province officers and translators change the glossary."))
    rows = workbook_rows(upload, limits=GLOSSARY_IMPORT_LIMITS)
    if len(rows) < 2:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    languages = target_language_names()
    width = 3 + len(languages) + 1
    kinds = _kind_words()
    result = ImportResult()
    planned: list[tuple[int, GlossaryTermData]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = (list(row) + [None] * width)[:width]
        if all(_text(value) == "" for value in values):
            continue
        term, kind, flag = _text(values[0]), kinds.get(fold(_text(values[1]))), _flag(values[2])
        errors_before = len(result.errors)
        if kind is None:
            result.errors.append(
                RowError(
                    number,
                    _("Kind"),
                    _("Kind must be one of: %(kinds)s.")
                    % {"kinds": ", ".join(str(label) for label in GlossaryKind.labels)},
                )
            )
        if flag is None:
            result.errors.append(
                RowError(number, _("Do not translate"), _("Write “yes” or “no” (or leave empty)."))
            )
        data = GlossaryTermData(
            term=term,
            kind=kind or "",
            do_not_translate=bool(flag),
            renderings={
                code: _text(value)
                for (code, _name), value in zip(languages, values[3:-1], strict=True)
            },
            note=str(values[-1] or "").strip(),
        )
        try:
            checked = glossary_term_fill(GlossaryTerm(), data)
        except ValidationError as problem:
            columns = {"term": _("Term"), "kind": _("Kind"), "note": _("Note")}
            for field_name, messages in problem.message_dict.items():
                if field_name == "kind" and kind is None:
                    continue  # said above, in the person's words
                column = columns.get(field_name, field_name)
                result.errors.append(RowError(number, column, " ".join(messages)))
            continue
        first = seen.setdefault(checked.term_folded, number)
        if first != number:
            result.errors.append(
                RowError(
                    number,
                    _("Term"),
                    _("“%(term)s” is already in row %(row)d of this file.")
                    % {"term": checked.term, "row": first},
                )
            )
        if len(result.errors) == errors_before:
            planned.append((number, data))
    if result.errors:
        return result
    _write(actor=actor, planned=planned, result=result)
    return result


def _write(*, actor, planned: list[tuple[int, GlossaryTermData]], result: ImportResult) -> None:
    existing = {term.term_folded: term for term in GlossaryTerm.objects.all()}
    with transaction.atomic():
        for _number, data in planned:
            known = existing.get(glossary_term_folded(data.term))
            if known is None:
                glossary_term_create(actor=actor, data=data)
                result.created += 1
            else:
                glossary_term_update(actor=actor, term=known, data=data)
                result.updated += 1


def glossary_import_summary(result: ImportResult) -> str:
    return _("Glossary imported: %(created)d terms added, %(updated)d changed.") % {
        "created": result.created,
        "updated": result.updated,
    }
