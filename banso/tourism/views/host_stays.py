"""The host's own stays in the back office: the list with each stay's standing with the
province, a stay's form with its photos and room types, and a room type's form with its photos
and price rules. Made for a phone and plain forms, as the rest of ``/tourism/host/``.

Reads go through ``banso.tourism.selectors.host`` (the organisations the person belongs to):
another organisation's stay, room type, photo or price rule is a 404. Writes call the services
(``listings``, ``host``, ``photos``); a refusal comes back on its form, in the person's
language, with what they typed kept; a success redirects (POST, redirect, GET).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import PhotoForm, form_errors_add
from banso.orgs.models import Organisation
from banso.tourism.forms.host_stays import (
    RATE_RULE_FORMS,
    LodgingForm,
    RoomTypeForm,
)
from banso.tourism.lunar import LunarRangeError
from banso.tourism.models import ListingStatus, Lodging, RateRuleKind, RoomType
from banso.tourism.pricing import tet_nights
from banso.tourism.selectors.host import (
    lodging_for_host,
    lodging_photos,
    lodgings_for_host,
    organisations_for_new_listing,
    room_type_for_host,
    room_type_rate_rules,
)
from banso.tourism.services.host import rate_rule_add, rate_rule_delete
from banso.tourism.services.listings import (
    lodging_create,
    lodging_update,
    room_type_create,
    room_type_update,
)
from banso.tourism.services.photos import lodging_photo_add, photo_delete

# The order the price forms are offered in: Tết is the one every host of the mountains asks.
RULE_KINDS = (RateRuleKind.TET, RateRuleKind.SEASON, RateRuleKind.DATES)


def _lodging(request, pk: int) -> Lodging:
    try:
        return lodging_for_host(request.user, pk=pk)
    except Lodging.DoesNotExist:
        raise Http404 from None


def _room_type(request, pk: int) -> RoomType:
    try:
        return room_type_for_host(request.user, pk=pk)
    except RoomType.DoesNotExist:
        raise Http404 from None


# Stays ---------------------------------------------------------------------------------------


@login_required
def host_stay_list(request):
    """The person's stays with their standing, and the organisations that may add one."""
    return render(
        request,
        "tourism/host/stays/list.html",
        {
            "lodgings": list(lodgings_for_host(request.user).select_related("organisation")),
            "organisations": list(organisations_for_new_listing(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_stay_create(request, organisation: str):
    found: Organisation = get_object_or_404(
        organisations_for_new_listing(request.user), slug=organisation
    )
    form = LodgingForm(request.POST or None, organisation=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                lodging = lodging_create(
                    actor=request.user, organisation=found, **form.cleaned_data
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your place to stay is saved and waits for the province's approval. "
                        "Add its room types and photos meanwhile."
                    ),
                )
                return redirect("tourism_host:stay", pk=lodging.pk)
    return render(
        request,
        "tourism/host/stays/stay.html",
        {"form": form, "organisation": found, "lodging": None},
        status=status,
    )


def _stay_page(
    request, lodging: Lodging, *, form=None, photo_form=None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "tourism/host/stays/stay.html",
        {
            "lodging": lodging,
            "organisation": lodging.organisation,
            "form": form or LodgingForm(instance=lodging, organisation=lodging.organisation),
            "photo_form": photo_form or PhotoForm(),
            "photos": lodging_photos(lodging),
            "rooms": list(lodging.rooms.all()),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_stay_edit(request, pk: int):
    lodging = _lodging(request, pk)
    if request.method != "POST":
        return _stay_page(request, lodging)
    was_refused = lodging.status == ListingStatus.REJECTED
    form = LodgingForm(request.POST, instance=lodging, organisation=lodging.organisation)
    if form.is_valid():
        try:
            lodging_update(actor=request.user, lodging=lodging, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            if was_refused:
                message = _("The place to stay is saved and goes back to the province for review.")
            else:
                message = _("The place to stay is saved.")
            messages.success(request, message)
            return redirect("tourism_host:stay", pk=lodging.pk)
    # The form changed the stay in memory: the page shows it as it is saved.
    return _stay_page(request, _lodging(request, pk), form=form, status=400)


@login_required
@require_POST
def host_stay_photo_add(request, pk: int):
    lodging = _lodging(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            lodging_photo_add(actor=request.user, lodging=lodging, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect(_with_anchor("tourism_host:stay", lodging.pk, "photos"))
    return _stay_page(request, lodging, photo_form=form, status=400)


@login_required
@require_POST
def host_stay_photo_remove(request, pk: int, photo_pk: int):
    lodging = _lodging(request, pk)
    photo = get_object_or_404(lodging.photos.filter(room_type=None), pk=photo_pk)
    photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect(_with_anchor("tourism_host:stay", lodging.pk, "photos"))


def _with_anchor(name: str, pk: int, anchor: str) -> str:
    return reverse(name, kwargs={"pk": pk}) + "#" + anchor


# Room types ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def host_room_create(request, pk: int):
    lodging = _lodging(request, pk)
    form = RoomTypeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                room_type = room_type_create(
                    actor=request.user, lodging=lodging, **form.cleaned_data
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request, _("The room type is saved: add its photos and prices below.")
                )
                return redirect("tourism_host:room", pk=room_type.pk)
    return render(
        request,
        "tourism/host/stays/room.html",
        {"form": form, "lodging": lodging, "room_type": None},
        status=status,
    )


def _rule_rows(room_type: RoomType) -> list[dict]:
    """The room type's price rules, a Tết rule with the nights it prices at the coming Tết."""
    today = timezone.localdate()
    rows = []
    for rule in room_type_rate_rules(room_type):
        nights = None
        if rule.kind == RateRuleKind.TET:
            try:
                nights = tet_nights(rule, today=today)
            except LunarRangeError:
                nights = None
        rows.append({"rule": rule, "tet_nights": nights})
    return rows


def _room_page(
    request,
    room_type: RoomType,
    *,
    form=None,
    photo_form=None,
    rule_form=None,
    status: int = 200,
) -> HttpResponse:
    rule_forms = []
    for kind in RULE_KINDS:
        if rule_form is not None and rule_form.kind == kind:
            rule_forms.append(rule_form)
        else:
            rule_forms.append(RATE_RULE_FORMS[kind]())
    return render(
        request,
        "tourism/host/stays/room.html",
        {
            "room_type": room_type,
            "lodging": room_type.lodging,
            "form": form or RoomTypeForm(instance=room_type),
            "photo_form": photo_form or PhotoForm(),
            "photos": lodging_photos(room_type.lodging, room_type=room_type),
            "rules": _rule_rows(room_type),
            "rule_forms": rule_forms,
            "rule_form_open": rule_form.kind if rule_form is not None else "",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_room_edit(request, pk: int):
    room_type = _room_type(request, pk)
    if request.method != "POST":
        return _room_page(request, room_type)
    form = RoomTypeForm(request.POST, instance=room_type)
    if form.is_valid():
        try:
            room_type_update(actor=request.user, room_type=room_type, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The room type is saved."))
            return redirect("tourism_host:room", pk=room_type.pk)
    return _room_page(request, _room_type(request, pk), form=form, status=400)


@login_required
@require_POST
def host_room_photo_add(request, pk: int):
    room_type = _room_type(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            lodging_photo_add(
                actor=request.user,
                lodging=room_type.lodging,
                room_type=room_type,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect(_with_anchor("tourism_host:room", room_type.pk, "photos"))
    return _room_page(request, room_type, photo_form=form, status=400)


@login_required
@require_POST
def host_room_photo_remove(request, pk: int, photo_pk: int):
    room_type = _room_type(request, pk)
    photo = get_object_or_404(room_type.photos.select_related("lodging"), pk=photo_pk)
    photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect(_with_anchor("tourism_host:room", room_type.pk, "photos"))


# Price rules ---------------------------------------------------------------------------------


@login_required
@require_POST
def host_rate_rule_add(request, pk: int, kind: str):
    room_type = _room_type(request, pk)
    form_class = RATE_RULE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            rate_rule_add(actor=request.user, room_type=room_type, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The price is saved."))
            return redirect(_with_anchor("tourism_host:room", room_type.pk, "prices"))
    messages.error(request, _("Check what you typed."))
    return _room_page(request, room_type, rule_form=form, status=400)


@login_required
@require_POST
def host_rate_rule_remove(request, pk: int, rule_pk: int):
    room_type = _room_type(request, pk)
    rule = get_object_or_404(room_type.rate_rules.select_related("room_type__lodging"), pk=rule_pk)
    rate_rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("The price is removed."))
    return redirect(_with_anchor("tourism_host:room", room_type.pk, "prices"))
