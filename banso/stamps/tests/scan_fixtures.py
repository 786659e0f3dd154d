"""Fixtures of the scan, PIN and clone tests, loaded by them with ``pytest_plugins``."""

import pytest
from django.core.cache import cache

from banso.stamps.tests.scan_support import stamps_issue


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issued(product, lot):
    return stamps_issue(product, lot=lot, run_lot=lot)
