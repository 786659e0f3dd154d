"""A simulator of the village loudspeakers: N devices polling the device API over real HTTP,
as a client of the site (never in its request path), with the faults of a 4G link. Used by
``manage.py speaker_sim``, the tests and the benchmarks. It imports nothing of Django."""

from banso.broadcast.sim.clock import SimClock, Store
from banso.broadcast.sim.fleet import Faults, Fleet, FleetThread, fleet_run
from banso.broadcast.sim.speaker import Exchange, Link, LinkDown, Settings, SimSpeaker, report_id

__all__ = [
    "Exchange",
    "Faults",
    "Fleet",
    "FleetThread",
    "Link",
    "LinkDown",
    "Settings",
    "SimClock",
    "SimSpeaker",
    "Store",
    "fleet_run",
    "report_id",
]
