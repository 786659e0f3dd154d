"""The page where a commune's editor sets the order a province bulletin's versions play in on
the commune's speakers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.broadcast.forms import VersionOrderForm
from banso.broadcast.selectors.bulletins import bulletin_for_user
from banso.broadcast.selectors.commune_orders import (
    commune_bulletin_versions,
    commune_versions_order,
)
from banso.broadcast.selectors.speakers import communes_for_broadcast
from banso.broadcast.services.commune_orders import commune_versions_order_set
from banso.common.forms import form_errors_add


@login_required
@require_http_methods(["GET", "POST"])
def commune_versions_order_view(request, code: str, pk: int):
    bulletin = bulletin_for_user(request.user, pk)
    commune = communes_for_broadcast(request.user).filter(code=code).first()
    if bulletin is None or commune is None:
        raise Http404
    if not request.user.has_perm("broadcast.order_commune_versions", commune):
        raise PermissionDenied
    versions = commune_bulletin_versions(bulletin, commune)
    form = VersionOrderForm(request.POST or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        try:
            commune_versions_order_set(
                actor=request.user,
                bulletin=bulletin,
                commune=commune,
                version_ids=form.ordered_ids(),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The order of the versions on the speakers of %(commune)s is saved.")
                % {"commune": commune.name},
            )
            return redirect("broadcast:bulletin-detail", pk=bulletin.pk)
    context = {
        "form": form,
        "bulletin": bulletin,
        "commune": commune,
        "is_own_order": commune_versions_order(bulletin, commune) is not None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "broadcast/commune_versions_order.html", context, status=status)
