"""The officers' glossary pages: a list with search, a form per term, the workbook's download
and upload. Only the people who keep the glossary (see ``glossary_may_edit``) reach them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from banso.common.forms import form_errors_add
from banso.lingo.glossary import (
    glossary_may_edit,
    glossary_term_create,
    glossary_term_delete,
    glossary_term_update,
    glossary_terms_search,
    target_language_names,
)
from banso.lingo.glossary_excel import (
    XLSX_CONTENT_TYPE,
    glossary_import,
    glossary_import_summary,
    glossary_workbook,
)
from banso.lingo.glossary_forms import GlossaryImportForm, GlossarySearchForm, GlossaryTermForm
from banso.lingo.models import GlossaryTerm

# More than a province's glossary holds; a search narrows it down.
LIST_LIMIT = 500


def _require_editor(request: HttpRequest) -> None:
    if not glossary_may_edit(request.user):
        raise PermissionDenied


@login_required
@require_GET
def glossary_list(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    search = GlossarySearchForm(request.GET or None)
    query = kind = ""
    if search.is_valid():
        query, kind = search.cleaned_data["q"], search.cleaned_data["kind"]
    terms = list(glossary_terms_search(query=query, kind=kind)[: LIST_LIMIT + 1])
    languages = target_language_names()
    rows = [
        (
            term,
            [
                (code, name, term.renderings[code])
                for code, name in languages
                if term.renderings.get(code)
            ],
        )
        for term in terms[:LIST_LIMIT]
    ]
    return render(
        request,
        "lingo/glossary_list.html",
        {
            "search": search,
            "query": query,
            "terms": rows,
            "more": len(terms) > LIST_LIMIT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def glossary_term_add(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = glossary_term_create(actor=request.user, data=form.data_for_service())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("“%(term)s” was added to the glossary.") % {"term": term})
            return redirect("lingo:glossary-list")
    return render(request, "lingo/glossary_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def glossary_term_change(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    term = get_object_or_404(GlossaryTerm, pk=pk)
    form = GlossaryTermForm(request.POST or None, initial=GlossaryTermForm.initial_for(term))
    if request.method == "POST" and form.is_valid():
        try:
            glossary_term_update(actor=request.user, term=term, data=form.data_for_service())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("“%(term)s” was saved.") % {"term": term})
            return redirect("lingo:glossary-list")
    return render(request, "lingo/glossary_form.html", {"form": form, "term": term})


@login_required
@require_http_methods(["GET", "POST"])
def glossary_term_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    term = get_object_or_404(GlossaryTerm, pk=pk)
    if request.method == "POST":
        glossary_term_delete(actor=request.user, term=term)
        messages.success(request, _("“%(term)s” was removed from the glossary.") % {"term": term})
        return redirect("lingo:glossary-list")
    return render(request, "lingo/glossary_delete.html", {"term": term})


@login_required
@require_GET
def glossary_export(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    response = HttpResponse(glossary_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="glossary.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def glossary_upload(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = GlossaryImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = glossary_import(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(request, glossary_import_summary(result))
                return redirect("lingo:glossary-list")
    failed = request.method == "POST" and (form.errors or (result and not result.ok))
    return render(
        request,
        "lingo/glossary_import.html",
        {"form": form, "result": result},
        status=400 if failed else 200,
    )
