"""Settings for the benchmarks: the platform's own settings, plus a bare view to measure against.

Logging is left exactly as in production (one JSON line per request from
``RequestLogMiddleware`` and gunicorn's access log): the bare view goes through the same
middleware, so both sides of every ratio pay the same logging cost.
"""

import os

from banso.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# A site without a shared cache: every page is rendered for every request (the page cache
# finds nothing), to measure what rendering costs.
if os.environ.get("BANSO_BENCH_NO_CACHE") == "true":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
