"""The translators' pages under /translations/: each topic's views module lists its own URLs."""

from banso.lingo.views import exchange, review

app_name = "lingo"
urlpatterns = [
    *review.urlpatterns,
    *exchange.urlpatterns,
]
