"""The stamps demo of ``manage.py seed_demo``: a run made, activated and scanned, seeded once."""

import io

from django.conf import settings
from django.core.management import call_command

from banso.stamps.models import Scan, Stamp, StampRun
from banso.stamps.selectors.dashboard import dashboard_scans_per_day, dashboard_top_places


def test_demo_run_is_made_activated_scanned_and_seeded_once(demo, client):
    output = demo.output
    run = StampRun.objects.select_related("lot", "product").get()
    assert (run.lot.code, run.quantity, run.with_pin, run.status) == (
        "MK2025-11A",
        24,
        True,
        "ready",
    )
    assert bytes(run.pin_secret) == b"" and run.pdf
    assert set(run.stamps.values_list("status", "lot_id")) == {("activated", run.lot_id)}
    assert not run.stamps.filter(pin_hash="").exists()
    assert Scan.objects.filter(stamp__run=run).count() == 7
    days = dashboard_scans_per_day(run.organisation)
    assert sum(day.count for day in days) == 7
    assert dashboard_top_places(run.organisation)

    first = run.stamps.get(number=1)
    uri = f"{settings.SITE_URL}/01/{run.product.gtin}/10/MK2025-11A/21/{first.serial}"
    assert uri in output.split()
    response = client.get(uri.removeprefix(settings.SITE_URL))
    assert response.status_code == 307
    assert response["Location"].endswith(f"/s/{first.serial}/")

    counts = (StampRun.objects.count(), Stamp.objects.count(), Scan.objects.count())
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert (StampRun.objects.count(), Stamp.objects.count(), Scan.objects.count()) == counts
    assert again.getvalue() == output
