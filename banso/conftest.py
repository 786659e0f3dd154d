"""Shared test fixtures: the real administrative units, people with roles, a browser."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import clear_url_caches
from hypothesis import settings as hypothesis_settings

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant, user_create
from banso.orgs.services import membership_set, organisation_create
from banso.places.loading import units_load
from banso.places.models import AdministrativeUnit, Village

PASSWORD = "correct-horse-battery"  # noqa: S105 (test people only)
LAO_CAI = "15"

# Property tests say what must hold, never how fast: a per-example time limit only measures how
# busy the machine is (speed is measured under bench/).
hypothesis_settings.register_profile("banso", deadline=None)
hypothesis_settings.load_profile("banso")


def _units_loaded() -> bool:
    return AdministrativeUnit.objects.filter(is_current=True, code=LAO_CAI).exists()


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

    A transactional test (live server) empties the tables when it ends; pytest-django runs
    those after the others, and ``places`` loads the units again for any that needs them.
    """
    with django_db_blocker.unblock():
        if not _units_loaded():
            units_load()


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
    if not _units_loaded():
        units_load()


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
