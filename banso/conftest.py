"""Shared test fixtures: the real administrative units, people with roles, a browser, the
Lào Cai demo; and the order the suite runs in."""

import io
import os
import threading
from typing import cast
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.dispatch import receiver
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils.translation import override as translation_override
from hypothesis import settings as hypothesis_settings

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant, user_create
from banso.orgs.services import membership_set, organisation_create
from banso.places.loading import units_load
from banso.places.models import AdministrativeUnit, UnitSuccession, Village

PASSWORD = "correct-horse-battery"  # noqa: S105 (test people only)
LAO_CAI = "15"

# Property tests say what must hold, never how fast: a per-example time limit only measures how
# busy the machine is (speed is measured under bench/).
hypothesis_settings.register_profile("banso", deadline=None)
hypothesis_settings.load_profile("banso")


# The project's own language, whatever a test module makes the default (market's tests read
# English): the demo is seeded in it, as ``manage.py seed_demo`` does.
SITE_LANGUAGE = django_settings.LANGUAGE_CODE


def _units_loaded() -> bool:
    return AdministrativeUnit.objects.filter(is_current=True, code=LAO_CAI).exists()


# The rows ``units_load()`` wrote the first time in this process, table by table: (columns, rows).
_UNIT_ROWS: dict[str, tuple[list[str], list[tuple]]] = {}
_UNIT_MODELS = (AdministrativeUnit, UnitSuccession)
# ``_units_state()`` when the units were last loaded or written back.
_UNITS_STATE: list[dict] = []


def _units_state() -> list[dict]:
    """How many units and successions there are, their last ids and the last change of a unit:
    what a row added, removed or saved through the ORM changes."""
    return [
        AdministrativeUnit.objects.aggregate(
            count=Count("pk"), last=Max("pk"), changed=Max("updated_at")
        ),
        UnitSuccession.objects.aggregate(
            count=Count("pk"), last=Max("pk"), default=Count("pk", filter=Q(is_default=True))
        ),
    ]


def _units_ensure() -> None:
    """The official units, loaded once per test process.

    A transactional test (live server, worker) empties every table when it ends, and the next
    test that needs the units has them again. Loading them again from the package takes seconds
    (14,000 units and as many successions, folded and sorted, upserted); the rows the first load
    wrote are written back as they were instead, in a fraction of that (COPY on PostgreSQL).
    """
    if _units_loaded():
        return
    empty = not any(model.objects.exists() for model in _UNIT_MODELS)
    if not (empty and _UNIT_ROWS):
        units_load()
        if empty:
            _unit_rows_keep()
        _UNITS_STATE[:] = _units_state()
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in _UNIT_ROWS.items():
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 (the model's names)
                cursor.executemany(insert, rows)
    _UNITS_STATE[:] = _units_state()


def _unit_rows_keep() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in _UNIT_MODELS:
            columns = [cast(str, field.column) for field in model._meta.concrete_fields]
            table = model._meta.db_table
            names = ", ".join(quote(column) for column in columns)
            order = quote(cast(str, model._meta.pk.column))
            cursor.execute(f"SELECT {names} FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            _UNIT_ROWS[table] = (columns, cursor.fetchall())


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Tests close each connection when its request ends. With persistent connections, a live
    server's request thread kept waiting on a browser's kept-alive socket also kept its
    PostgreSQL session, and the test database could not be dropped at the end."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        database["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the administrative units once per test database, not once per test: every test's
    transaction is rolled back to this state, so tests share the (read-only) units.

    A transactional test (live server) empties the other tables when it ends, and the units
    too if it changed them (``_flush_sql_keeping_the_units``); pytest-django runs those after
    the others, and ``places`` writes the units back for any that needs them.
    """
    with django_db_blocker.unblock():
        _units_ensure()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests make people by the dozen; hashing their passwords slowly proves nothing. Servers
    started in subprocesses keep the real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese. A request leaves its language active in the test's thread
    (LocaleMiddleware activates it and nothing deactivates it), and ``reverse()`` gives the
    address in the active language: ``/en/market/`` after an English page."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@receiver(setting_changed)
def _addresses_follow_the_default_language(*, setting: str, **kwargs) -> None:
    """A test that makes English the default language (``settings.LANGUAGE_CODE = "en"``) moves
    English to the unprefixed addresses and Vietnamese to ``/vi/``. Django keeps the reversed
    addresses of each language once worked out, so they are forgotten when the default changes,
    and again when the test ends."""
    if setting == "LANGUAGE_CODE":
        clear_url_caches()


@pytest.fixture(autouse=True)
def _cache_of_this_worker(request, settings):
    """Each test starts with an empty cache. With ``pytest -n``, each worker uses a Redis
    database of its own (clearing a Redis cache empties its whole database), so one worker's
    rate counters or locks never reach another's tests."""
    from django.core.cache import cache

    worker = getattr(request.config, "workerinput", {}).get("workerid", "")
    default = settings.CACHES["default"]
    if worker.startswith("gw") and "redis" in default["BACKEND"]:
        location = urlsplit(default["LOCATION"])
        number = location.path.strip("/")
        own = (int(number) if number.isdigit() else 0) + 1 + int(worker[2:])
        location = urlunsplit(location._replace(path=f"/{own % 16}"))
        settings.CACHES = {**settings.CACHES, "default": {**default, "LOCATION": location}}
    cache.clear()


@pytest.fixture(autouse=True)
def _rate_counters_of_this_worker(_cache_of_this_worker, settings, tmp_path_factory):
    """Each test starts with no rate counters or locks: in the Redis database of this worker's
    cache (emptied with it), or in a SQLite file of this test process."""
    from banso.common.ratelimit import rate_counters_clear

    default = settings.CACHES["default"]
    if "redis" in default["BACKEND"]:
        settings.RATE_LIMIT_STORE = default["LOCATION"]
    else:
        settings.RATE_LIMIT_STORE = str(tmp_path_factory.getbasetemp() / "ratelimit.sqlite3")
    rate_counters_clear()


@pytest.fixture
def places(db):
    """The full official data set (34 provinces, 3,321 communes and the retired units)."""
    _units_ensure()


def _commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(is_current=True, level="commune", code=code)


@pytest.fixture
def lao_cai(places):
    return AdministrativeUnit.objects.get(is_current=True, level="province", code=LAO_CAI)


@pytest.fixture
def muong_khuong(places):
    return _commune("02761")


@pytest.fixture
def bac_ha(places):
    return _commune("02839")


@pytest.fixture
def make_user(db):
    counter = iter(range(100, 10_000))

    def make(name: str = "Người dùng", **fields):
        if "phone" not in fields and "email" not in fields:
            fields["phone"] = f"0981{next(counter):06d}"
        return user_create(full_name=name, password=PASSWORD, **fields)

    return make


@pytest.fixture
def commune_officer(make_user, muong_khuong):
    user = make_user("Cán bộ xã Mường Khương")
    role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=muong_khuong)
    return user


@pytest.fixture
def other_commune_officer(make_user, bac_ha):
    user = make_user("Cán bộ xã Bắc Hà")
    role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=bac_ha)
    return user


@pytest.fixture
def province_officer(make_user, lao_cai):
    user = make_user("Cán bộ tỉnh Lào Cai")
    role_grant(user=user, role=PlaceRole.PROVINCE_OFFICER, unit=lao_cai)
    return user


@pytest.fixture
def village(muong_khuong):
    village = Village(commune=muong_khuong, name="Mã Tuyển", kind="thon")
    village.full_clean()
    village.save()
    return village


# Browser -----------------------------------------------------------------------------------

CHROMIUM = os.environ.get("BANSO_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no downloaded browser)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A page the size of a cheap phone's screen (360 px wide)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def browser_sign_in(page, base_url: str, *, login: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in page, as a person would."""
    from django.urls import reverse

    page.goto(base_url + reverse("accounts:login"))
    page.fill("#id_username", login)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


@pytest.fixture
def run_worker(transactional_db):
    """Run the real task worker in this process until the queue is empty.

    The worker closes connections it finds inside a transaction (as it must between tasks), so
    tests that run it commit for real (transactional_db) instead of rolling back: on PostgreSQL
    the closed connection would otherwise take the test's own transaction with it. The worker
    installs its own signal handlers; they are put back afterwards.
    """
    import signal

    from django.core.management import call_command

    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in handled}

    def run() -> None:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0")

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)


# --- two co-operatives with their owners, a product and a lot (trace, stamps, market) ---


@pytest.fixture
def superuser(make_user):
    return make_user("Quản trị", is_staff=True, is_superuser=True)


@pytest.fixture
def coop(superuser, muong_khuong):
    return organisation_create(
        actor=superuser,
        name="Hợp tác xã Quýt Mường Khương",
        kind="cooperative",
        unit=muong_khuong,
        tax_code="5300834037",
    )


@pytest.fixture
def other_coop(superuser, bac_ha):
    return organisation_create(
        actor=superuser,
        name="Hợp tác xã Mận Bắc Hà",
        kind="cooperative",
        unit=bac_ha,
    )


@pytest.fixture
def coop_member(make_user, superuser, coop):
    user = make_user("Tẩn Văn Sử")
    membership_set(actor=superuser, organisation=coop, user=user, role="owner")
    return user


@pytest.fixture
def other_coop_member(make_user, superuser, other_coop):
    user = make_user("Lồ Thị Dín")
    membership_set(actor=superuser, organisation=other_coop, user=user, role="owner")
    return user


@pytest.fixture
def product(coop):
    from banso.trace.tests.makers import product_make

    return product_make(
        coop, name="Quýt Mường Khương", item=1, net_content=5, net_content_unit="kg"
    )


@pytest.fixture
def lot(product, muong_khuong):
    from banso.trace.tests.makers import lot_make

    return lot_make(product, muong_khuong, code="MK2025-11")


# --- the Lào Cai demo, seeded once for the tests that read it ---


class SharedDemo:
    """``manage.py seed_demo`` run once for a run of consecutive tests that use ``demo``.

    Seeding the whole demo takes a minute (thousands of households enrolled through the
    services). It is written in a transaction of its own, opened before the first of those
    tests; each test runs inside it in its own savepoint (pytest-django's transaction, nested),
    so it sees the seeded demo and leaves it as it found it. It is seeded with the first of
    those tests' settings (its process's cache, the fast password hasher), in the site's
    language, with its files in a directory of its own. The demo transaction is rolled back
    before the next test that does not use ``demo``, so no other test ever sees the demo.
    The tests that use ``demo`` live in ``test_demo.py`` modules and run one after the other,
    in one pytest-xdist process (see ``pytest_xdist_make_scheduler``).
    """

    def __init__(self, blocker, media_root) -> None:
        self.blocker = blocker
        self.media_root = media_root
        self.output = ""
        self._atomic: transaction.Atomic | None = None

    def open(self) -> None:
        if self._atomic is not None and connection.atomic_blocks == [self._atomic]:
            return
        self.close()
        assert not connection.in_atomic_block, (
            "the demo must be seeded before the test's own transaction begins: request `demo` "
            "before any fixture that uses the database, in a module without the django_db mark"
        )
        with self.blocker.unblock():
            atomic = transaction.atomic()
            # As Django's TestCase marks its own: a durable block may be opened inside.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            atomic.__enter__()
            try:
                _units_ensure()
                output = io.StringIO()
                with (
                    override_settings(MEDIA_ROOT=self.media_root, LANGUAGE_CODE=SITE_LANGUAGE),
                    translation_override(SITE_LANGUAGE),
                ):
                    call_command("seed_demo", stdout=output)
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self._atomic = atomic
        self.output = output.getvalue()

    def close(self) -> None:
        if self._atomic is None:
            return
        atomic, self._atomic = self._atomic, None
        with self.blocker.unblock():
            if connection.in_atomic_block:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


_shared_demos: list[SharedDemo] = []


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    state = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    _shared_demos.append(state)
    yield state
    state.close()
    _shared_demos.remove(state)


@pytest.fixture
def _demo_seeded(_shared_demo, settings) -> SharedDemo:
    _shared_demo.open()
    settings.MEDIA_ROOT = _shared_demo.media_root
    return _shared_demo


@pytest.fixture
def demo(_demo_seeded, db) -> SharedDemo:
    """The Lào Cai demo as ``manage.py seed_demo`` leaves it (its printed output in
    ``demo.output``, its files under ``demo.media_root``), shared by consecutive tests: see
    ``SharedDemo``. Request it before any other fixture that uses the database."""
    return _demo_seeded


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test that does not use the demo, roll the demo back (if it was seeded)."""
    if "demo" not in getattr(item, "fixturenames", ()):
        for state in _shared_demos:
            state.close()


# --- the order of the suite ---

DEMO_MODULE = "test_demo.py"


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """After pytest-django's order (tests in a transaction, transactional tests, tests without
    the database): the ``slow`` tests first, so that the run never ends waiting for one of them
    alone, then the tests that use ``demo``, one after the other (see ``SharedDemo``)."""
    result = yield
    for item in items:
        if item.get_closest_marker("slow") and _transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test empties the database, so it cannot run "
                "first: take its slow mark off"
            )
        if _uses_demo(item) and item.path.name != DEMO_MODULE:
            raise pytest.UsageError(
                f"{item.nodeid}: a test that uses `demo` belongs in a {DEMO_MODULE} module, "
                "so that one pytest-xdist process runs them all on one seeded demo"
            )

    def rank(item) -> int:
        if item.get_closest_marker("slow"):
            return 0
        return 1 if _uses_demo(item) else 2

    items.sort(key=rank)
    return result


def _uses_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


def _transactional(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    marked = bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
    return marked or bool(names & {"transactional_db", "live_server"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, pytest-django empties every table (Django's ``flush``); see
    ``_flush_sql_keeping_the_units`` for what is emptied and how. A test that runs ``manage.py
    flush`` itself still empties everything."""
    if not _transactional(item):
        return (yield)
    from django.core.management.commands import flush

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "sql_flush", _flush_sql_keeping_the_units)
        return (yield)


def _flush_sql_keeping_the_units(style, connection, reset_sequences=True, allow_cascade=False):
    """The SQL that empties the tables after a transactional test, but for the official units
    when they are still as loaded (``_units_state``): writing them back took a second or two
    after each of about 120 transactional tests, and every test reads them as they are.

    On PostgreSQL the tables are emptied with DELETE rather than Django's TRUNCATE, which gives
    each of the 90 tables new files (2-3 s each time) where a DELETE of the few rows a test
    leaves takes milliseconds; the foreign keys are checked at the commit (Django makes them
    deferrable), so the order of the tables does not matter. Sequences go on, as after Django's
    TRUNCATE. With ``reset_sequences`` or ``available_apps``, or units that a test changed,
    Django's own SQL empties everything.
    """
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if reset_sequences or allow_cascade or not _UNITS_STATE or _units_state() != _UNITS_STATE:
        return connection.ops.sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    kept = {model._meta.db_table for model in _UNIT_MODELS}
    tables = [table for table in tables if table not in kept]
    if connection.vendor != "postgresql":
        return connection.ops.sql_flush(style, tables)
    quote = connection.ops.quote_name
    return [
        f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};",
        *(f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(quote(t))};" for t in tables),
    ]


# Modules whose tests share a module fixture that takes a minute to build (a site migrated and
# seeded in a child process): one process runs all of them, so it is built once.
MODULES_KEPT_TOGETHER = ("banso/common/tests/test_backup.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``-n``: pytest-xdist's ``load`` distribution (each test to whichever process is
    free), except that the tests of the ``test_demo.py`` modules go together to one process,
    which seeds the demo once for all of them, and so do those of each of
    ``MODULES_KEPT_TOGETHER``.

    (``--dist loadgroup`` would do this with an ``xdist_group`` mark, but pytest-xdist 3.8 marks
    the group in the test's id, which pytest 9.2 no longer lets it change: the groups are
    silently ignored, pytest-dev/pytest-xdist issue 1386.)
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class KeptTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if path.rsplit("/", 1)[-1] == DEMO_MODULE:
                return DEMO_MODULE
            return path if path in MODULES_KEPT_TOGETHER else nodeid

    return KeptTogether(config, log)


# --- The live server on SQLite's in-memory test database ----------------------------------
#
# pytest-django's live server hands its request threads the test's own connection when the
# test database is SQLite in memory (no other connection can see that database). One
# connection used by several threads at once mixes their transactions: one request's error
# breaks another's atomic block, and the connection stays broken for every later request of
# the session. So on that database the live server answers one request at a time, as SQLite
# would write them anyway; on PostgreSQL (or a file) each thread has its own connection and
# requests run side by side, as on the site.


_LIVE_SERVER_TURN = threading.Lock()


def _serial_static_files_handler():
    from django.contrib.staticfiles import handlers
    from django.db import connections

    class SerialStaticFilesHandler(handlers.StaticFilesHandler):
        def __call__(self, environ, start_response):
            shared = any(c.vendor == "sqlite" and c.is_in_memory_db() for c in connections.all())
            if not shared:
                return super().__call__(environ, start_response)
            with _LIVE_SERVER_TURN:
                return super().__call__(environ, start_response)

    return SerialStaticFilesHandler


@pytest.fixture
def live_server_paused(live_server):
    """A lock to hold (``with live_server_paused:``) for a test's own writes while clients
    keep calling the live server: on SQLite's shared in-memory database the server answers no
    request meanwhile, so the write never meets a transaction of the server's ("database table
    is locked", which SQLite's busy timeout does not wait out). On PostgreSQL it changes
    nothing."""
    return _LIVE_SERVER_TURN


@pytest.fixture(scope="session", autouse=True)
def _live_server_serial_on_shared_sqlite():
    """pytest-django's ``LiveServer`` looks ``StaticFilesHandler`` up in its module when it
    starts: the session's live server gets the serial one."""
    from django.contrib.staticfiles import handlers

    original = handlers.StaticFilesHandler
    handlers.StaticFilesHandler = _serial_static_files_handler()  # type: ignore[misc]
    yield
    handlers.StaticFilesHandler = original  # type: ignore[misc]
