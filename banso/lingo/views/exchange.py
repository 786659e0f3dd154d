"""The reviewer's queue as a file and back: XLIFF 2.0 for translation tools, Excel for
spreadsheets. A file brought back is read whole and checked before anything is written; its
targets are then accepted in one transaction (``translations_returned_accept``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from banso.lingo import selectors
from banso.lingo.exchange import XLSX_TYPE, exchange_read, exchange_workbook
from banso.lingo.forms import ReturnedFileForm, target_language_choices
from banso.lingo.services import translations_returned_accept
from banso.lingo.xliff import xliff_export, xliff_read

# The first bytes of a zip file, so of every .xlsx.
ZIP_MAGIC = b"PK\x03\x04"


def _reviewer(request) -> None:
    if not selectors.is_translator(request.user):
        raise PermissionDenied


def _language(request) -> str:
    language = request.GET.get("language", "")
    languages = dict(target_language_choices())
    return language if language in languages else next(iter(languages))


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_xliff(request):
    """The person's queue in one target language as an XLIFF 2.0 file."""
    _reviewer(request)
    language = _language(request)
    rows = selectors.translations_to_review_filtered(request.user, language=language)
    return _attachment(
        xliff_export(rows, language=language),
        content_type="application/xliff+xml",
        filename=f"banso-translations-{language}.xlf",
    )


@login_required
def export_workbook(request):
    """The person's queue in one target language as an Excel workbook."""
    _reviewer(request)
    language = _language(request)
    rows = list(selectors.translations_to_review_filtered(request.user, language=language))
    content = exchange_workbook(rows, subjects=selectors.translation_subjects(rows))
    return _attachment(
        content, content_type=XLSX_TYPE, filename=f"banso-translations-{language}.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange(request):
    """The export links per language and the upload of a reviewed file."""
    _reviewer(request)
    form = ReturnedFileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload.seek(0)
            is_workbook = upload.read(4) == ZIP_MAGIC
            units = exchange_read(upload) if is_workbook else xliff_read(upload)
            result = translations_returned_accept(actor=request.user, units=units)
        except ValidationError as error:
            form.add_error("file", error)
    return render(
        request,
        "lingo/exchange.html",
        {"form": form, "result": result, "languages": target_language_choices()},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("exchange/", exchange, name="exchange"),
    path("export.xlf", export_xliff, name="export-xliff"),
    path("export.xlsx", export_workbook, name="export-xlsx"),
]
