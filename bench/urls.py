"""The platform's URLs plus ``bench/bare``, the least a Django view can do."""

from django.http import HttpResponse
from django.urls import path

from banso import urls as app_urls


def bare(request):
    """The floor every page is measured against: same server, middleware and settings, no work."""
    return HttpResponse("ok")


urlpatterns = [*app_urls.urlpatterns, path("bench/bare", bare, name="bench-bare")]

handler404 = app_urls.handler404
handler500 = app_urls.handler500
