"""The worker's clock: checks registered by the apps run at start, then on their intervals, and
one that fails neither stops the others nor the next turn."""

import pytest

from banso.jobs import periodic


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' own checks are put back afterwards)."""
    monkeypatch.setattr(periodic, "_registry", {})
    return periodic._registry


def test_every_check_runs_at_start_then_when_due(registry):
    calls = []
    periodic.periodic_register(name="a", every_seconds=10, function=lambda: calls.append("a"))
    periodic.periodic_register(name="b", every_seconds=60, function=lambda: calls.append("b"))
    assert periodic.periodic_run_due(now=100.0) == ["a", "b"]
    assert periodic.periodic_run_due(now=105.0) == []
    assert periodic.periodic_next_in(now=105.0) == 5.0
    assert periodic.periodic_run_due(now=110.0) == ["a"]
    assert periodic.periodic_run_due(now=160.0) == ["a", "b"]
    assert calls == ["a", "b", "a", "a", "b"]


def test_a_failing_check_is_logged_and_tried_again(registry, caplog):
    turns = []

    def broken():
        turns.append(1)
        raise RuntimeError("database away")

    periodic.periodic_register(name="broken", every_seconds=1, function=broken)
    periodic.periodic_register(name="fine", every_seconds=1, function=lambda: None)
    assert periodic.periodic_run_due(now=0.0) == ["fine"]
    assert "periodic check broken failed" in caplog.text
    assert periodic.periodic_run_due(now=1.0) == ["fine"]
    assert len(turns) == 2


def test_an_interval_of_zero_turns_a_check_off(registry):
    periodic.periodic_register(name="a", every_seconds=5, function=lambda: None)
    periodic.periodic_register(name="a", every_seconds=0, function=lambda: None)
    assert periodic.periodic_run_due(now=0.0) == []


def test_the_apps_register_their_checks():
    assert {"stamps.runs_resume", "market.feeds_refresh"} <= set(periodic._registry)


def test_a_failing_check_is_tried_again_with_backoff_before_its_interval(registry):
    turns = []

    def flaky():
        turns.append(1)
        if len(turns) < 3:
            raise RuntimeError("database is locked")

    periodic.periodic_register(name="flaky", every_seconds=600, function=flaky)
    assert periodic.periodic_run_due(now=0.0) == []
    first_wait = periodic.periodic_next_in(now=0.0)
    assert 0 < first_wait <= 0.5  # not the 600 s interval
    assert periodic.periodic_run_due(now=first_wait) == []
    second_wait = periodic.periodic_next_in(now=first_wait)
    assert 0 < second_wait <= 1.0
    assert periodic.periodic_run_due(now=first_wait + second_wait) == ["flaky"]
    # Back on its clock once it works.
    assert periodic.periodic_next_in(now=first_wait + second_wait) == 600
