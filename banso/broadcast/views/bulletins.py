"""The editors' and approvers' pages of bulletins: the list, writing and changing one, its page
(text, targets, audio with players, history, the actions the person may take), submitting,
approving, sending back, withdrawing, recordings and their order."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.broadcast.audio import version_audio_response
from banso.broadcast.forms import (
    BulletinForm,
    DecisionForm,
    RecordingForm,
    VersionOrderForm,
)
from banso.broadcast.models import Bulletin, BulletinState, BulletinVersion
from banso.broadcast.selectors.bulletins import (
    bulletin_for_user,
    bulletin_history,
    bulletin_targets_text,
    bulletin_versions,
    bulletins_for_user,
)
from banso.broadcast.selectors.commune_orders import version_order_communes
from banso.broadcast.selectors.roles import editor_unit_ids
from banso.broadcast.services.bulletins import (
    bulletin_approve,
    bulletin_create,
    bulletin_reject,
    bulletin_submit,
    bulletin_update,
    bulletin_withdraw,
)
from banso.broadcast.services.versions import (
    RECORDING_LONGEST_SECONDS,
    recording_add,
    version_approve,
    version_remove,
    versions_order,
    voice_start,
)
from banso.common.forms import form_errors_add
from banso.places.models import AdministrativeUnit

PER_PAGE = 30
# The page records mono 16-bit WAV at this rate: plenty for a voice, and 10 MB hold 5 minutes.
RECORDING_RATE = 16000


def recording_seconds() -> int:
    """How long the page lets a person record: what fits the upload limit as WAV."""
    fits = (settings.MAX_UPLOAD_BYTES - 44) // (RECORDING_RATE * 2)
    return int(min(RECORDING_LONGEST_SECONDS, fits))


def _bulletin(request, pk: int) -> Bulletin:
    bulletin = bulletin_for_user(request.user, pk)
    if bulletin is None:
        raise Http404
    return bulletin


@login_required
def bulletin_list(request):
    """The bulletins the person may read, newest first; ``?state=`` filters."""
    bulletins = bulletins_for_user(request.user)
    state = request.GET.get("state", "")
    if state in BulletinState.values:
        bulletins = bulletins.filter(state=state)
    page = Paginator(bulletins, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": BulletinState.choices,
        "may_write": bool(editor_unit_ids(request.user)),
    }
    return render(request, "broadcast/bulletin_list.html", context)


def _editor_units(user) -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(pk__in=editor_unit_ids(user)).order_by("path"))


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_create_view(request):
    units = _editor_units(request.user)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
    if unit is None and len(units) == 1:
        unit = units[0]
    if unit is None:
        return render(request, "broadcast/bulletin_unit_choice.html", {"units": units})
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = BulletinForm(
        request.POST or None,
        unit=unit,
        initial={"valid_from": now, "valid_until": now + timezone.timedelta(days=7)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = bulletin_create(actor=request.user, source_unit=unit, data=form.data_out())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The bulletin is saved as a draft; it is being voiced."))
            return redirect("broadcast:bulletin-detail", pk=bulletin.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "broadcast/bulletin_form.html", {"form": form, "unit": unit}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_edit(request, pk: int):
    bulletin = _bulletin(request, pk)
    if not request.user.has_perm("broadcast.change_bulletin", bulletin):
        raise PermissionDenied
    form = BulletinForm(
        request.POST or None,
        unit=bulletin.source_unit,
        bulletin=bulletin,
        initial=BulletinForm.initial_of(bulletin),
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulletin_update(actor=request.user, bulletin=bulletin, data=form.data_out())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The bulletin is changed."))
            return redirect("broadcast:bulletin-detail", pk=bulletin.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": bulletin.source_unit, "bulletin": bulletin}
    return render(request, "broadcast/bulletin_form.html", context, status=status)


@login_required
def bulletin_detail(request, pk: int):
    bulletin = _bulletin(request, pk)
    user = request.user
    versions = bulletin_versions(bulletin)
    as_approver = user.has_perm("broadcast.approve_bulletin", bulletin)
    on_duty = user.has_perm("broadcast.approve_bulletin_on_duty", bulletin)
    may_change = user.has_perm("broadcast.change_bulletin", bulletin)
    ended = bulletin.state in (BulletinState.WITHDRAWN, BulletinState.EXPIRED)
    waiting = bulletin.state == BulletinState.SUBMITTED
    before_approval = bulletin.state in (
        BulletinState.DRAFT,
        BulletinState.SUBMITTED,
        BulletinState.REJECTED,
    )
    context = {
        "bulletin": bulletin,
        "targets": bulletin_targets_text(bulletin),
        "versions": versions,
        "history": bulletin_history(bulletin),
        "may_change": may_change and not ended,
        "may_submit": may_change
        and bulletin.state in (BulletinState.DRAFT, BulletinState.REJECTED),
        "may_approve": (as_approver and waiting) or (on_duty and before_approval),
        "on_duty": on_duty and not (as_approver and waiting),
        "may_reject": (as_approver or on_duty) and waiting,
        "may_approve_versions": (as_approver or on_duty)
        and bulletin.state == BulletinState.APPROVED,
        "may_withdraw": (may_change or as_approver or on_duty) and not ended,
        "may_record": user.has_perm("broadcast.add_bulletinversion", bulletin) and not ended,
        "order_form": (
            VersionOrderForm(versions=versions) if may_change and len(versions) > 1 else None
        ),
        "decision_form": DecisionForm(),
        "order_communes": version_order_communes(user, bulletin) if not ended else [],
    }
    return render(request, "broadcast/bulletin_detail.html", context)


def _act(request, pk: int, action, success: str, **kwargs):
    bulletin = _bulletin(request, pk)
    try:
        action(actor=request.user, bulletin=bulletin, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("broadcast:bulletin-detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_submit_view(request, pk: int):
    return _act(request, pk, bulletin_submit, _("The bulletin waits for approval."))


def _note(request) -> str:
    form = DecisionForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


@login_required
@require_POST
def bulletin_approve_view(request, pk: int):
    return _act(
        request, pk, bulletin_approve, _("The bulletin is approved: it plays."), note=_note(request)
    )


@login_required
@require_POST
def bulletin_reject_view(request, pk: int):
    return _act(
        request,
        pk,
        bulletin_reject,
        _("The bulletin is sent back to its editors."),
        note=_note(request),
    )


@login_required
@require_POST
def bulletin_withdraw_view(request, pk: int):
    return _act(
        request, pk, bulletin_withdraw, _("The bulletin is withdrawn."), note=_note(request)
    )


@login_required
@require_POST
def bulletin_voice_view(request, pk: int):
    """Voice the bulletin again (after a failure)."""
    bulletin = _bulletin(request, pk)
    if not request.user.has_perm("broadcast.change_bulletin", bulletin):
        raise PermissionDenied
    version = voice_start(actor=request.user, bulletin=bulletin)
    assert version.progress is not None
    return redirect("jobs:progress-detail", pk=version.progress.pk)


@login_required
@require_http_methods(["GET", "POST"])
def recording_create(request, pk: int):
    bulletin = _bulletin(request, pk)
    if not request.user.has_perm("broadcast.add_bulletinversion", bulletin):
        raise PermissionDenied
    form = RecordingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recording_add(
                actor=request.user,
                bulletin=bulletin,
                upload=data["audio"],
                language=data["language"],
                script=data["script"],
                transcript=data["transcript"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The recording is added."))
            return redirect("broadcast:bulletin-detail", pk=bulletin.pk)
    status = 400 if request.method == "POST" else 200
    seconds = recording_seconds()
    context = {
        "form": form,
        "bulletin": bulletin,
        "record_rate": RECORDING_RATE,
        "record_seconds": seconds,
        "record_minutes": seconds // 60,
    }
    return render(request, "broadcast/recording_form.html", context, status=status)


def _version(request, pk: int, version_pk: int) -> BulletinVersion:
    bulletin = _bulletin(request, pk)
    return get_object_or_404(BulletinVersion, pk=version_pk, bulletin=bulletin)


@login_required
def version_audio(request, pk: int, version_pk: int):
    """A version's audio for the people who may read the bulletin (the page's players), by
    byte range as browsers ask for it."""
    version = _version(request, pk, version_pk)
    return version_audio_response(
        request, version, headers={"Cache-Control": "private, max-age=3600"}
    )


@login_required
@require_POST
def version_approve_view(request, pk: int, version_pk: int):
    version = _version(request, pk, version_pk)
    try:
        version_approve(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The version is approved: it plays."))
    return redirect("broadcast:bulletin-detail", pk=pk)


@login_required
@require_POST
def version_remove_view(request, pk: int, version_pk: int):
    version = _version(request, pk, version_pk)
    version_remove(actor=request.user, version=version)
    messages.success(request, _("The version is removed."))
    return redirect("broadcast:bulletin-detail", pk=pk)


@login_required
@require_POST
def versions_order_view(request, pk: int):
    bulletin = _bulletin(request, pk)
    form = VersionOrderForm(request.POST, versions=bulletin_versions(bulletin))
    if form.is_valid():
        try:
            versions_order(actor=request.user, bulletin=bulletin, version_ids=form.ordered_ids())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The order of the versions is saved."))
    else:
        messages.error(request, _("Give each version a position."))
    return redirect("broadcast:bulletin-detail", pk=bulletin.pk)
