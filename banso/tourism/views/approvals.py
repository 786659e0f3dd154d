"""The province officers' page for the stays and tours waiting for approval, made for a phone
as the marketplace's shop approvals are: each listing with its organisation and commune, a note
to the host, and a button for each decision. The services decide who may (an officer whose
province covers the listing's commune, or a superuser)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banso.tourism.models import ListingStatus, Lodging, Tour
from banso.tourism.selectors.approvals import lodgings_to_review, tours_to_review
from banso.tourism.services.listings import lodging_review, tour_review


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("reject", gettext_lazy("Refuse")),
            ("suspend", gettext_lazy("Suspend")),
        ]
    )
    note = forms.CharField(max_length=300, required=False)


def _may_review(user) -> bool:
    return user.has_perm("tourism.approve_lodging") or user.has_perm("tourism.approve_tour")


@login_required
def approvals(request):
    if not _may_review(request.user):
        raise PermissionDenied
    user = request.user
    return render(
        request,
        "tourism/approvals.html",
        {
            "pending_stays": list(lodgings_to_review(user)),
            "pending_tours": list(tours_to_review(user)),
            "open_stays": list(lodgings_to_review(user, status=ListingStatus.APPROVED)),
            "open_tours": list(tours_to_review(user, status=ListingStatus.APPROVED)),
        },
    )


def _listing(user, kind: str, pk: int) -> Lodging | Tour:
    """The stay or tour ``pk`` waiting in, or open in, the officer's province; else 404."""
    if kind == "stay":
        lodgings = lodgings_to_review(user, status=ListingStatus.PENDING) | lodgings_to_review(
            user, status=ListingStatus.APPROVED
        )
        lodging = lodgings.filter(pk=pk).first()
        if lodging is not None:
            return lodging
    elif kind == "tour":
        tours = tours_to_review(user, status=ListingStatus.PENDING) | tours_to_review(
            user, status=ListingStatus.APPROVED
        )
        tour = tours.filter(pk=pk).first()
        if tour is not None:
            return tour
    raise Http404


@login_required
@require_POST
def approval_review(request, kind: str, pk: int):
    """Approve, refuse (saying why) or suspend (saying why) one stay or tour."""
    if not _may_review(request.user):
        raise Http404
    listing = _listing(request.user, kind, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with it."))
        return redirect("tourism:approvals")
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        if isinstance(listing, Lodging):
            listing = lodging_review(
                actor=request.user, lodging=listing, decision=decision, note=note
            )
        else:
            listing = tour_review(actor=request.user, tour=listing, decision=decision, note=note)
    except ValidationError as error:
        messages.error(request, f"{listing.name}: {' '.join(error.messages)}")
    else:
        status = listing.get_status_display()
        messages.success(
            request, _("%(name)s: %(status)s.") % {"name": listing.name, "status": status}
        )
    return redirect("tourism:approvals")
