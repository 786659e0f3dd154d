from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from banso.accounts.forms import AdminSignInForm
from banso.accounts.views import SignOutView
from banso.api import api
from banso.common.locale import set_language
from banso.common.media import media_file
from banso.web import views as web_views

admin.site.site_header = _("Bản Số administration")
admin.site.site_title = _("Bản Số administration")
admin.site.index_title = _("Administration")
admin.site.login_form = AdminSignInForm

# Addresses with one URL for every language (see banso.common.locale), whose language follows
# the visitor's cookie and browser: those printed on stamps (the GS1 Digital Link resolver,
# /s/…, /t/…, a place's poster /v/…) must keep working as printed, and the machine doors and
# the admin have no pages to index.
urlpatterns = [
    path("", include("banso.trace.public_urls")),
    path("", include("banso.stamps.public_urls")),
    path("", include("banso.tourism.short_urls")),
    path("healthz", web_views.healthz, name="healthz"),
    path("favicon.ico", web_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("epcis/", include("banso.trace.epcis_api")),
    path("tourism/calendars/", include("banso.tourism.calendar_urls")),
    # The admin's "Log out" posts here: it empties what the site keeps in the browser too.
    path("admin/logout/", SignOutView.as_view(next_page="admin:login"), name="admin-logout"),
    path("admin/", admin.site.urls),
]
if not settings.S3_BUCKET:
    # The embedded mode serves its own uploads, with safe headers (see banso.common.media).
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_file))
# The site's pages, one address per language: Vietnamese unprefixed, /en/…, /zh-hans/….
urlpatterns += i18n_patterns(
    path("", include("banso.web.urls")),
    path("accounts/", include("banso.accounts.urls")),
    path("places/", include("banso.places.urls")),
    path("households/", include("banso.households.urls")),
    path("orgs/", include("banso.orgs.urls")),
    path("jobs/", include("banso.jobs.urls")),
    path("trace/", include("banso.trace.urls")),
    path("stamps/", include("banso.stamps.urls")),
    path("market/", include("banso.market.urls")),
    path("translations/", include("banso.lingo.urls")),
    path("tourism/host/", include("banso.tourism.host_urls")),
    path("tourism/", include("banso.tourism.urls")),
    path("indicators/", include("banso.indicators.urls")),
    path("teams/", include("banso.teams.urls")),
    path("broadcast/", include("banso.broadcast.urls")),
    prefix_default_language=False,
)

handler400 = "banso.web.views.bad_request"
handler403 = "banso.web.views.permission_denied"
handler404 = "banso.web.views.page_not_found"
handler500 = "banso.web.views.server_error"
