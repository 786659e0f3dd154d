"""The background door of every Excel import: registered by name, resumed by the worker."""

import pytest

from banso.common.tests import hostile
from banso.common.workbooks import WorkbookLimits
from banso.jobs import periodic
from banso.jobs.imports import import_start


def test_every_import_is_registered_and_resumed_by_the_worker():
    from banso.jobs.imports import _importers

    assert {"places.villages", "trace.lots", "market.listings"} <= set(_importers)
    assert "jobs.imports_resume" in periodic._registry


def test_an_unknown_import_is_a_programming_error(make_user):
    with pytest.raises(LookupError):
        import_start(
            name="nowhere.nothing",
            owner=make_user(),
            title="x",
            upload=hostile.upload(hostile.xlsx_bytes(hostile.sheet_of_rows([["a"]]))),
            limits=WorkbookLimits(rows=10),
        )
