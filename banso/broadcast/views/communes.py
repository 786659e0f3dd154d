"""The pages of a commune's loudspeakers: the communes the person runs, a commune's speakers
and groups, registering a speaker (its token shown once), its programme's slots and the
bulletins placed in them, and a week of its schedule on a phone."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.broadcast.forms import GroupForm, PlacementForm, SlotForm, SpeakerForm
from banso.broadcast.models import (
    Bulletin,
    Programme,
    ProgrammeSlot,
    SlotPlacement,
    Speaker,
    SpeakerGroup,
)
from banso.broadcast.selectors.bulletins import bulletins_to_place
from banso.broadcast.selectors.playlist import LOCAL, commune_calendar
from banso.broadcast.selectors.speakers import (
    communes_for_broadcast,
    groups_for_user,
    speaker_for_user,
    speakers_for_user,
)
from banso.broadcast.services.schedule import (
    placement_add,
    placement_remove,
    placements_order,
    slot_add,
    slot_remove,
)
from banso.broadcast.services.speakers import (
    group_create,
    group_update,
    speaker_active_set,
    speaker_register,
    speaker_token_replace,
    speaker_update,
)
from banso.common.forms import form_errors_add
from banso.places.models import AdministrativeUnit

WEEKDAYS_SHOWN = 7


def _commune(request, code: str) -> AdministrativeUnit:
    commune = communes_for_broadcast(request.user).filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


@login_required
def commune_list(request):
    """The communes whose loudspeakers the person runs, with their speaker counts."""
    communes = communes_for_broadcast(request.user)
    with_speakers = {
        row["commune_id"]: row["count"]
        for row in Speaker.objects.filter(commune__in=communes, is_active=True)
        .values("commune_id")
        .annotate(count=Count("pk"))
    }
    rows = sorted(communes, key=lambda unit: (-with_speakers.get(unit.pk, 0), unit.name_sort))
    if len(rows) == 1:
        return redirect("broadcast:commune-detail", code=rows[0].code)
    for unit in rows:
        unit.active_speakers = with_speakers.get(unit.pk, 0)
    return render(request, "broadcast/commune_list.html", {"communes": rows})


@login_required
def commune_detail(request, code: str):
    commune = _commune(request, code)
    speakers = list(speakers_for_user(request.user).filter(commune=commune).order_by("name"))
    groups = list(groups_for_user(request.user).filter(commune=commune).order_by("name"))
    context = {"commune": commune, "speakers": speakers, "groups": groups}
    return render(request, "broadcast/commune_detail.html", context)


def _token_page(request, speaker: Speaker, token: str):
    """The token, shown this once (the page is not kept by the browser)."""
    response = render(request, "broadcast/speaker_token.html", {"speaker": speaker, "token": token})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def speaker_create(request, code: str):
    commune = _commune(request, code)
    form = SpeakerForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            speaker, token = speaker_register(
                actor=request.user, commune=commune, data=form.data_out()
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            return _token_page(request, speaker, token)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "commune": commune}
    return render(request, "broadcast/speaker_form.html", context, status=status)


def _speaker(request, pk: int) -> Speaker:
    speaker = speaker_for_user(request.user, pk)
    if speaker is None:
        raise Http404
    return speaker


@login_required
@require_http_methods(["GET", "POST"])
def speaker_detail(request, pk: int):
    speaker = _speaker(request, pk)
    form = SpeakerForm(
        request.POST or None, commune=speaker.commune, initial=SpeakerForm.initial_of(speaker)
    )
    if request.method == "POST" and form.is_valid():
        try:
            speaker_update(actor=request.user, speaker=speaker, data=form.data_out())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The speaker is saved."))
            return redirect("broadcast:speaker-detail", pk=speaker.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "speaker": speaker, "commune": speaker.commune}
    return render(request, "broadcast/speaker_detail.html", context, status=status)


@login_required
@require_POST
def speaker_token(request, pk: int):
    speaker = _speaker(request, pk)
    token = speaker_token_replace(actor=request.user, speaker=speaker)
    return _token_page(request, speaker, token)


@login_required
@require_POST
def speaker_active(request, pk: int):
    speaker = _speaker(request, pk)
    active = request.POST.get("is_active") == "1"
    speaker_active_set(actor=request.user, speaker=speaker, is_active=active)
    messages.success(
        request,
        _("The speaker is back in service.") if active else _("The speaker is out of service."),
    )
    return redirect("broadcast:speaker-detail", pk=speaker.pk)


@login_required
@require_http_methods(["GET", "POST"])
def group_create_view(request, code: str):
    commune = _commune(request, code)
    form = GroupForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            group_create(
                actor=request.user,
                commune=commune,
                name=form.cleaned_data["name"],
                speakers=tuple(form.cleaned_data["speakers"]),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("broadcast:commune-detail", code=commune.code)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "commune": commune}
    return render(request, "broadcast/group_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int):
    group: SpeakerGroup = get_object_or_404(groups_for_user(request.user), pk=pk)
    form = GroupForm(
        request.POST or None,
        commune=group.commune,
        initial={"name": group.name, "speakers": list(group.speakers.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            group_update(
                actor=request.user,
                group=group,
                name=form.cleaned_data["name"],
                speakers=tuple(form.cleaned_data["speakers"]),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("broadcast:commune-detail", code=group.commune.code)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "commune": group.commune, "group": group}
    return render(request, "broadcast/group_form.html", context, status=status)


# The programme --------------------------------------------------------------------------------


def _programme_render(request, commune: AdministrativeUnit, *, slot_form=None, status=200):
    programme = Programme.objects.filter(commune=commune).first()
    slots = list(
        ProgrammeSlot.objects.filter(programme__commune=commune).order_by("starts_at", "pk")
    )
    placements: dict[int, list[SlotPlacement]] = {}
    for placement in (
        SlotPlacement.objects.filter(slot__in=slots)
        .select_related("bulletin")
        .order_by("position", "pk")
    ):
        placements.setdefault(placement.slot_id, []).append(placement)
    to_place = set(bulletins_to_place(commune).values_list("pk", flat=True))
    for slot in slots:
        placed = placements.get(slot.pk, [])
        choices = to_place - {p.bulletin_id for p in placed}
        slot.placed = placed  # type: ignore[attr-defined]  # for the template
        slot.placement_form = (  # type: ignore[attr-defined]
            PlacementForm(
                bulletins=Bulletin.objects.filter(pk__in=choices).order_by("valid_from", "pk"),
                prefix=f"s{slot.pk}",
            )
            if choices
            else None
        )
    context = {
        "commune": commune,
        "programme": programme,
        "slots": slots,
        "slot_form": slot_form or SlotForm(),
    }
    return render(request, "broadcast/programme.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def programme(request, code: str):
    """The slots, with the normal bulletins placed in each; POST adds a slot."""
    commune = _commune(request, code)
    if request.method == "GET":
        return _programme_render(request, commune)
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            slot_add(
                actor=request.user,
                commune=commune,
                starts_at=form.cleaned_data["starts_at"],
                length_minutes=form.cleaned_data["length_minutes"],
                weekdays=form.weekday_bits(),
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The slot is added."))
            return redirect("broadcast:programme", code=commune.code)
    return _programme_render(request, commune, slot_form=form, status=400)


def _slot(commune: AdministrativeUnit, slot_pk: int) -> ProgrammeSlot:
    return get_object_or_404(
        ProgrammeSlot.objects.select_related("programme__commune"),
        pk=slot_pk,
        programme__commune=commune,
    )


@login_required
@require_POST
def slot_remove_view(request, code: str, slot_pk: int):
    commune = _commune(request, code)
    slot_remove(actor=request.user, slot=_slot(commune, slot_pk))
    messages.success(request, _("The slot is removed."))
    return redirect("broadcast:programme", code=commune.code)


@login_required
@require_POST
def placement_add_view(request, code: str, slot_pk: int):
    commune = _commune(request, code)
    slot = _slot(commune, slot_pk)
    form = PlacementForm(request.POST, bulletins=bulletins_to_place(commune), prefix=f"s{slot.pk}")
    if form.is_valid():
        try:
            placement_add(actor=request.user, slot=slot, bulletin=form.cleaned_data["bulletin"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The bulletin is placed in the slot."))
    else:
        messages.error(request, _("Choose a bulletin."))
    return redirect("broadcast:programme", code=commune.code)


@login_required
@require_POST
def placement_remove_view(request, code: str, pk: int):
    commune = _commune(request, code)
    placement = get_object_or_404(SlotPlacement, pk=pk, slot__programme__commune=commune)
    placement_remove(actor=request.user, placement=placement)
    messages.success(request, _("The bulletin is taken out of the slot."))
    return redirect("broadcast:programme", code=commune.code)


@login_required
@require_POST
def placement_up_view(request, code: str, pk: int):
    """Move a placed bulletin one place earlier in its slot."""
    commune = _commune(request, code)
    placement = get_object_or_404(
        SlotPlacement.objects.select_related("slot"), pk=pk, slot__programme__commune=commune
    )
    order = list(
        SlotPlacement.objects.filter(slot=placement.slot)
        .order_by("position", "pk")
        .values_list("bulletin_id", flat=True)
    )
    index = order.index(placement.bulletin_id)
    if index > 0:
        order[index - 1], order[index] = order[index], order[index - 1]
        placements_order(actor=request.user, slot=placement.slot, bulletin_ids=order)
    return redirect("broadcast:programme", code=commune.code)


@login_required
def week(request, code: str):
    """Seven days of the commune's schedule, from ``?from=`` (today by default)."""
    commune = _commune(request, code)
    today = timezone.localdate(timezone=LOCAL)
    try:
        first_day = parse_date(request.GET.get("from") or "") or today
    except ValueError:
        first_day = today
    days = commune_calendar(commune, first_day, WEEKDAYS_SHOWN)
    context = {
        "commune": commune,
        "days": days,
        "first_day": first_day,
        "previous": first_day - datetime.timedelta(days=WEEKDAYS_SHOWN),
        "next": first_day + datetime.timedelta(days=WEEKDAYS_SHOWN),
        "today": today,
    }
    return render(request, "broadcast/week.html", context)
