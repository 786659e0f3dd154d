"""The proof-of-broadcast reports as Excel workbooks: a summary sheet (by speaker for a
bulletin, by bulletin for a commune) and every play reported, one row each. Built from the
selectors' scoped reads, so what a reader may not see is not in their file either; times in
the site's local time (Asia/Ho_Chi_Minh), which Excel shows as they are; every text cell made
safe by ``common.exports``."""

import datetime
from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from banso.broadcast.models import PlayOutcome, PlayReport, Priority
from banso.broadcast.selectors.playlist import LOCAL
from banso.broadcast.selectors.reports import (
    BulletinPlays,
    CommunePeriodPlays,
    SpeakerPlays,
    language_names,
)
from banso.common.exports import sheet_append

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A time as Excel keeps it: local, without a zone (openpyxl refuses aware times)."""
    return moment.astimezone(LOCAL).replace(tzinfo=None) if moment is not None else None


def _languages(codes: Iterable[str]) -> str:
    return ", ".join(language_names(codes))


def outcome_label(row: SpeakerPlays) -> str:
    return {
        "played": pgettext("play report", "Played"),
        "failed": _("Failed only"),
        "silent": _("Nothing reported"),
    }[row.outcome]


def _widths(sheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _play_row(report: PlayReport, *, with_bulletin: bool) -> list[object]:
    speaker = report.speaker
    first = [report.bulletin.title] if with_bulletin else [report.commune.name]
    return [
        local(report.started_at),
        local(report.ended_at),
        local(report.scheduled_at),
        *first,
        str(speaker.village) if speaker.village else "",
        speaker.name,
        _languages([report.version.language]),
        str(PlayOutcome(report.outcome).label),
        report.error,
    ]


def _play_headers(*, with_bulletin: bool) -> list[str]:
    return [
        _("Started at"),
        _("Ended at"),
        _("Scheduled at"),
        _("Bulletin") if with_bulletin else _("Commune or ward"),
        _("Village"),
        _("Speaker"),
        _("Language"),
        _("Outcome"),
        _("Error"),
    ]


def bulletin_plays_workbook(report: BulletinPlays, plays: Iterable[PlayReport]) -> bytes:
    bulletin = report.bulletin
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Speakers")[:31])
    _widths(summary, (24, 22, 28, 18, 8, 18, 18, 20, 8, 18, 40))
    sheet_append(summary, [_("Proof of broadcast")])
    sheet_append(summary, [_("Bulletin"), bulletin.title])
    sheet_append(summary, [_("Priority"), str(Priority(bulletin.priority).label)])
    sheet_append(summary, [_("Valid from"), local(bulletin.valid_from)])
    sheet_append(summary, [_("Valid until"), local(bulletin.valid_until)])
    sheet_append(summary, [_("Exported at"), local(timezone.now())])
    sheet_append(summary, [_("Speakers reached"), report.speakers])
    sheet_append(summary, [_("Speakers that played it"), report.speakers_played])
    sheet_append(summary, [_("Speakers that only failed"), report.speakers_failed_only])
    sheet_append(summary, [_("Speakers that reported nothing"), report.speakers_silent])
    sheet_append(summary, [_("Plays"), report.plays])
    sheet_append(summary, [_("Failures"), report.failures])
    sheet_append(summary, [])
    sheet_append(
        summary,
        [
            _("Commune or ward"),
            _("Village"),
            _("Speaker"),
            _("Outcome"),
            _("Plays"),
            _("First played at"),
            _("Last played at"),
            _("Languages"),
            _("Failures"),
            _("Last failure at"),
            _("Last error"),
        ],
    )
    for commune in report.communes:
        for row in commune.speakers:
            speaker = row.speaker
            sheet_append(
                summary,
                [
                    commune.commune.name,
                    str(speaker.village) if speaker.village else "",
                    speaker.name,
                    outcome_label(row),
                    row.plays,
                    local(row.first_played_at),
                    local(row.last_played_at),
                    _languages(row.languages),
                    row.failures,
                    local(row.last_failed_at),
                    row.last_error,
                ],
            )
    detail = workbook.create_sheet(_("Plays")[:31])
    _widths(detail, (20, 20, 20, 24, 22, 28, 14, 12, 40))
    sheet_append(detail, _play_headers(with_bulletin=False))
    for play in plays:
        sheet_append(detail, _play_row(play, with_bulletin=False))
    return _bytes(workbook)


def commune_plays_workbook(report: CommunePeriodPlays, plays: Iterable[PlayReport]) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Bulletins")[:31])
    _widths(summary, (40, 12, 24, 8, 10, 10, 10, 18, 18, 24))
    last_day = (report.end - datetime.timedelta(days=1)).astimezone(LOCAL).date()
    sheet_append(summary, [_("Proof of broadcast")])
    sheet_append(summary, [_("Commune or ward"), report.commune.name])
    sheet_append(summary, [_("From"), report.start.astimezone(LOCAL).date()])
    sheet_append(summary, [_("To"), last_day])
    sheet_append(summary, [_("Exported at"), local(timezone.now())])
    sheet_append(summary, [_("Speakers in service"), report.speakers_active])
    sheet_append(summary, [_("Speakers that reported"), report.speakers_reporting])
    sheet_append(summary, [_("Plays"), report.plays])
    sheet_append(summary, [_("Failures"), report.failures])
    sheet_append(summary, [])
    sheet_append(
        summary,
        [
            _("Bulletin"),
            _("Priority"),
            _("Written by"),
            _("Plays"),
            _("Speakers that played it"),
            _("Failures"),
            _("Speakers with failures"),
            _("First played at"),
            _("Last played at"),
            _("Languages"),
        ],
    )
    for row in report.bulletins:
        sheet_append(
            summary,
            [
                row.bulletin.title,
                str(Priority(row.bulletin.priority).label),
                row.bulletin.source_unit.name,
                row.plays,
                row.speakers_played,
                row.failures,
                row.speakers_failed,
                local(row.first_at),
                local(row.last_at),
                _languages(row.languages),
            ],
        )
    if report.silent_speakers:
        sheet_append(summary, [])
        sheet_append(summary, [_("Speakers that reported nothing in the period")])
        for speaker in report.silent_speakers:
            sheet_append(summary, [speaker.name, str(speaker.village) if speaker.village else ""])
    detail = workbook.create_sheet(_("Plays")[:31])
    _widths(detail, (20, 20, 20, 40, 22, 28, 14, 12, 40))
    sheet_append(detail, _play_headers(with_bulletin=True))
    for play in plays:
        sheet_append(detail, _play_row(play, with_bulletin=True))
    return _bytes(workbook)
