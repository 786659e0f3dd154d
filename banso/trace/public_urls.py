"""Public traceability URLs at the site's root: the GS1 Digital Link resolver and the trace
pages it redirects to (``/t/…``, apart from the co-operatives' own pages under ``/trace/``)."""

from django.urls import path, re_path

from banso.trace import public_views, resolver

app_name = "trace_public"
urlpatterns = [
    re_path(r"^01(?:/(?P<rest>.*))?$", resolver.resolve, name="resolve"),
    path(".well-known/gs1resolver", resolver.resolver_description, name="resolver-description"),
    path("t/<str:gtin>/", public_views.product_page, name="product"),
    path("t/<str:gtin>/<path:lot>/", public_views.lot_page, name="lot"),
]
