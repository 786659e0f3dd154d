"""The translators' pages under /translations/: each topic's views module lists its own URLs,
but for the glossary's, listed here."""

from django.urls import path

from banso.lingo.views import exchange, glossary, review

app_name = "lingo"
urlpatterns = [
    *review.urlpatterns,
    *exchange.urlpatterns,
    path("glossary/", glossary.glossary_list, name="glossary-list"),
    path("glossary/new/", glossary.glossary_term_add, name="glossary-create"),
    path("glossary/import/", glossary.glossary_upload, name="glossary-import"),
    path("glossary/glossary.xlsx", glossary.glossary_export, name="glossary-export"),
    path("glossary/<int:pk>/", glossary.glossary_term_change, name="glossary-update"),
    path("glossary/<int:pk>/delete/", glossary.glossary_term_remove, name="glossary-delete"),
]
