"""The held polls' watch, with real threads: a request wakes when its commune's state
changes, one request of a commune whose state the cache lost wakes to read it, and the
others sleep on."""

import threading

from banso.broadcast.waiting import StateWatch

HOUR = 3600.0


class States(dict):
    """What the cache holds: commune → state (absent: not in the cache)."""

    def look(self, communes):
        return {commune: self.get(commune) for commune in communes}


def _held(watch: StateWatch, commune: int, seen, woken: list) -> threading.Thread:
    def body() -> None:
        watch.wait(commune, seen, HOUR)
        woken.append((commune, seen))

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread


def _until_waiting(watch: StateWatch, count: int) -> None:
    for _ in range(2000):
        if watch.waiting() == count:
            return
        threading.Event().wait(0.005)
    raise AssertionError(f"{watch.waiting()} requests wait, not {count}")


def test_only_the_requests_of_a_changed_commune_wake():
    states = States({1: (5, 0), 2: (7, 0)})
    # The watch's own thread looks once an hour: the test looks in its stead.
    watch = StateWatch(states.look, step=HOUR)
    woken: list = []
    threads = [_held(watch, 1, (5, 0), woken) for _ in range(3)]
    threads.append(_held(watch, 2, (7, 0), woken))
    _until_waiting(watch, 4)

    watch.look_once()  # nothing changed
    assert watch.waiting() == 4 and woken == []

    states[1] = (6, 0)  # an emergency for commune 1
    watch.look_once()
    for thread in threads[:3]:
        thread.join(10)
    assert woken == [(1, (5, 0))] * 3
    assert watch.waiting() == 1 and threads[3].is_alive()

    states[2] = (7, 1700000000)  # an emergency's validity began
    watch.look_once()
    threads[3].join(10)
    assert woken[-1] == (2, (7, 0)) and watch.waiting() == 0


def test_a_commune_missing_from_the_cache_wakes_one_request_to_read_it():
    states = States()
    watch = StateWatch(states.look, step=HOUR)
    woken: list = []
    threads = [_held(watch, 3, (1, 0), woken) for _ in range(4)]
    _until_waiting(watch, 4)

    watch.look_once()
    _until_waiting(watch, 3)
    assert len(woken) == 1  # the one that reads it and, unchanged, waits again

    states[3] = (1, 0)  # read again: the same
    watch.look_once()
    assert watch.waiting() == 3 and len(woken) == 1
    states[3] = (2, 0)
    watch.look_once()
    for thread in threads:
        thread.join(10)
    assert len(woken) == 4


def test_the_watch_looks_by_itself():
    states = States({4: (1, 0)})
    watch = StateWatch(states.look, step=0.01)
    woken: list = []
    thread = _held(watch, 4, (1, 0), woken)
    _until_waiting(watch, 1)
    states[4] = (2, 0)
    thread.join(10)
    assert woken == [(4, (1, 0))]
