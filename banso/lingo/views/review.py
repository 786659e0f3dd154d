"""The review queue, made for a translator's phone: what waits, one translation with what helps
decide (the memory's matches, the glossary), and the content owner's view of their texts.

Server-rendered and usable without JavaScript; every decision goes through
``translation_review``, which checks the person may review the translation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.common.forms import form_errors_add
from banso.lingo import selectors
from banso.lingo.forms import ReviewFilterForm, TranslationReviewForm
from banso.lingo.models import Translation, TranslationState
from banso.lingo.services import ReviewAction, translation_review

PAGE_SIZE = 20


def _queue_url(language: str, state: str) -> str:
    query = {key: value for key, value in (("language", language), ("state", state)) if value}
    url = reverse("lingo:queue")
    return f"{url}?{urlencode(query)}" if query else url


@login_required
def review_queue(request):
    """What waits for the person's review, oldest first, a page at a time."""
    filters = ReviewFilterForm(request.GET)
    language, state = filters.values()
    scope = selectors.translations_for_reviewer(request.user)
    rows = selectors.translations_to_review_filtered(request.user, language=language, state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    subjects = selectors.translation_subjects(page.object_list)
    items = [(row, subjects[row.pk]) for row in page.object_list]
    return render(
        request,
        "lingo/queue.html",
        {
            "filters": filters,
            "language": language,
            "state": state,
            "counts": _counts_table(selectors.translation_counts(scope)),
            "count_states": TranslationState.choices,
            "page": page,
            "items": items,
            "paging_query": urlencode({"language": language, "state": state}),
        },
    )


def _counts_table(counts: dict[str, dict[str, int]]) -> list[tuple[str, list[int]]]:
    """The counts as rows of a table: a language and its count in each state, in the order of
    the states."""
    from banso.lingo.forms import target_language_choices

    return [
        (name, [counts.get(code, {}).get(value, 0) for value in TranslationState.values])
        for code, name in target_language_choices()
    ]


def _proposal(row: Translation) -> str:
    return row.suggestion or row.text


@login_required
@require_http_methods(["GET", "POST"])
def review_translation(request, pk: int):
    """One translation: source and proposal, the memory's matches and the glossary's terms,
    and the decision. A person who may not review it gets a 403 and changes nothing."""
    row = get_object_or_404(Translation.objects.select_related("content_type"), pk=pk)
    if not selectors.translation_may_review(request.user, row):
        raise PermissionDenied
    initial = {
        "text": _proposal(row),
        "language": request.GET.get("language", ""),
        "state": request.GET.get("state", ""),
    }
    form = TranslationReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        text = form.cleaned_data["text"] if action == ReviewAction.ACCEPT else None
        try:
            translation_review(actor=request.user, translation=row, action=action, text=text)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The translation was accepted.")
                if action == ReviewAction.ACCEPT
                else _("The proposal was rejected."),
            )
            return _next(request, row, form.cleaned_data["language"], form.cleaned_data["state"])
    subject = selectors.translation_subjects([row])[row.pk]
    proposal = form.data.get("text", _proposal(row)) if form.is_bound else _proposal(row)
    sentences, glossary = selectors.translation_review_aids(row, proposal=proposal)
    return render(
        request,
        "lingo/review.html",
        {
            "row": row,
            "subject": subject,
            "form": form,
            "sentences": sentences,
            "glossary": glossary,
            "is_stale": row.state == TranslationState.STALE and row.text_source != row.source,
            "queue_url": _queue_url(initial["language"], initial["state"]),
        },
        status=400 if form.is_bound else 200,
    )


def _next(request, row: Translation, language: str, state: str):
    """To the next item of the queue (same filters), or back to the queue when none waits."""
    following = selectors.translation_next_to_review(
        request.user, after=row, language=language, state=state
    )
    if following is None:
        messages.info(request, _("Nothing else waits for your review here."))
        return redirect(_queue_url(language, state))
    url = reverse("lingo:review", kwargs={"pk": following.pk})
    query = {key: value for key, value in (("language", language), ("state", state)) if value}
    return redirect(f"{url}?{urlencode(query)}" if query else url)


@login_required
def own_texts(request):
    """For an organisation's owners and translators: which of its texts are not reviewed yet,
    in which language, so they know what visitors still read in Vietnamese or by machine."""
    organisations = selectors.reviewer_organisation_ids(request.user)
    if not organisations:
        raise PermissionDenied
    rows = selectors.translations_of_own_texts(request.user)
    page = Paginator(rows, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    subjects = selectors.translation_subjects(page.object_list)
    items = [(row, subjects[row.pk]) for row in page.object_list]
    return render(
        request,
        "lingo/own_texts.html",
        {
            "page": page,
            "items": items,
            "counts": _counts_table(selectors.translation_counts(rows)),
            "count_states": TranslationState.choices,
        },
    )


urlpatterns = [
    path("", review_queue, name="queue"),
    path("<int:pk>/", review_translation, name="review"),
    path("my-texts/", own_texts, name="own-texts"),
]
