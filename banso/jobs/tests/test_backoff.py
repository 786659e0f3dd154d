from hypothesis import given
from hypothesis import strategies as st

from banso.jobs.backoff import backoff_seconds


@given(st.integers(min_value=1, max_value=10_000))
def test_the_wait_doubles_up_to_its_cap(attempt):
    wait = backoff_seconds(attempt, base=0.5, cap=30.0)
    ceiling = min(30.0, 0.5 * 2 ** min(attempt - 1, 32))
    assert ceiling / 2 <= wait <= ceiling
