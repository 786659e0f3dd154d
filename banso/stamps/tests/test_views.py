"""The co-op stamp pages end to end: anonymous → sign in; another co-operative → 404 and
nothing changed; the co-operative's member → works."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from banso.jobs.models import TaskProgress
from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.stamps.tests.conftest import product_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a print file\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def run(make_run, product):
    """A ready run of 10 stamps with its three print files."""
    run = make_run(product, quantity=10)
    run.pdf.save("run.pdf", ContentFile(PDF), save=False)
    run.serials_csv.save("run.csv", ContentFile(b"number,serial\n"), save=False)
    run.serials_xlsx.save("run.xlsx", ContentFile(b"PK"), save=False)
    run.save()
    return run


def _snapshot():
    return (
        list(StampRun.objects.order_by("pk").values_list("pk", "status", "quantity")),
        list(Stamp.objects.order_by("pk").values_list("status", "lot_id", "void_reason")),
    )


def _reads(run, organisation) -> list[str]:
    return [
        reverse("stamps:run-detail", args=[run.pk]),
        reverse("stamps:run-file", args=[run.pk, "pdf"]),
        reverse("stamps:run-file", args=[run.pk, "csv"]),
        reverse("stamps:run-file", args=[run.pk, "xlsx"]),
        reverse("stamps:dashboard", args=[organisation.slug]),
        reverse("stamps:dashboard-export", args=[organisation.slug]),
    ]


def _run_writes(run, lot) -> list[tuple[str, dict]]:
    return [
        (reverse("stamps:run-mark-printed", args=[run.pk]), {}),
        (
            reverse("stamps:run-activate", args=[run.pk]),
            _activate(lot, 1, 10),
        ),
        (
            reverse("stamps:run-void", args=[run.pk]),
            _void(1, 10, "lost"),
        ),
    ]


def _activate(lot, first, last) -> dict:
    return {"activate-lot": lot.pk, "activate-number_from": first, "activate-number_to": last}


def _void(first, last, reason) -> dict:
    return {"void-number_from": first, "void-number_to": last, "void-reason": reason}


def _order(product, **changes) -> dict:
    data = {
        "product": product.pk,
        "lot": "",
        "quantity": "24",
        "with_pin": "on",
        "pin_length": "6",
        "template": "a4_30",
        "label_text": "OCOP 4 sao",
    }
    data.update(changes)
    return data


# The matrix ----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_everywhere(client, run, lot, coop):
    pages = [
        reverse("stamps:run-list"),
        reverse("stamps:run-create"),
        reverse("stamps:activate"),
        reverse("stamps:void"),
        reverse("stamps:flagged"),
        *_reads(run, coop),
    ]
    before = _snapshot()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    writes = [
        *_run_writes(run, lot),
        (reverse("stamps:run-create"), _order(lot.product)),
        (reverse("stamps:activate"), {"lot": lot.pk, "serials": run.stamps.first().serial}),
        (reverse("stamps:void"), {"serials": run.stamps.first().serial, "reason": "lost"}),
    ]
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    assert _snapshot() == before


def test_another_coop_gets_404_and_changes_nothing(client, other_coop_member, run, lot, coop):
    client.force_login(other_coop_member)
    before = _snapshot()
    for url in _reads(run, coop):
        response = client.get(url)
        assert response.status_code == 404, url
    for url, data in _run_writes(run, lot):
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before


def test_another_coop_cannot_reach_our_stamps_through_the_scan_pages(
    client, other_coop_member, run, lot
):
    client.force_login(other_coop_member)
    serials = "\n".join(run.stamps.values_list("serial", flat=True))
    before = _snapshot()
    # Our lot is not among theirs: the form refuses it.
    response = client.post(reverse("stamps:activate"), {"lot": lot.pk, "serials": serials})
    assert response.status_code == 400
    assert "lot" in response.context["form"].errors
    # Our serials read as unknown to them.
    response = client.post(reverse("stamps:void"), {"serials": serials, "reason": "lost"})
    assert response.status_code == 400
    codes = {e.code for e in response.context["form"].non_field_errors().as_data()}
    assert codes == {"unknown"}
    assert _snapshot() == before


def test_another_coop_cannot_order_for_our_product(client, other_coop_member, product):
    client.force_login(other_coop_member)
    response = client.post(reverse("stamps:run-create"), _order(product))
    assert response.status_code == 200
    assert "product" in response.context["form"].errors
    assert not StampRun.objects.exists()


def test_others_runs_are_not_listed(client, other_coop_member, run):
    client.force_login(other_coop_member)
    response = client.get(reverse("stamps:run-list"))
    assert response.status_code == 200
    assert response.context["runs"] == []


# The member ----------------------------------------------------------------------------------


def test_member_orders_a_run(client, coop_member, lot):
    client.force_login(coop_member)
    assert client.get(reverse("stamps:run-create")).status_code == 200
    response = client.post(reverse("stamps:run-create"), _order(lot.product, lot=lot.pk))
    run = StampRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stamps:run-detail", args=[run.pk])
    assert (run.quantity, run.with_pin, run.pin_length, run.lot, run.label_text) == (
        24,
        True,
        6,
        lot,
        "OCOP 4 sao",
    )
    assert run.progress.owner == coop_member
    page = client.get(response["Location"])
    body = page.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
    assert f'id="progress-{run.progress.pk}"' in body
    assert "data-progress-live" in body
    assert 'id="run-files"' not in body  # nothing to download yet


def test_custom_sheet_needs_its_size(client, coop_member, product):
    client.force_login(coop_member)
    response = client.post(reverse("stamps:run-create"), _order(product, template="custom"))
    assert response.status_code == 200
    assert {"label_width_mm", "label_height_mm"} <= set(response.context["form"].errors)
    response = client.post(
        reverse("stamps:run-create"),
        _order(
            product,
            template="custom",
            label_width_mm="35",
            label_height_mm="35",
            margin_mm="8",
            gap_mm="2",
            bleed_mm="1",
        ),
    )
    assert response.status_code == 302
    run = StampRun.objects.get()
    assert (run.template, float(run.label_width_mm), float(run.bleed_mm)) == ("custom", 35, 1)


def test_lot_must_belong_to_the_product(client, coop_member, coop, lot):
    tea = product_make(coop, name="Chè", item=2)
    client.force_login(coop_member)
    response = client.post(reverse("stamps:run-create"), _order(tea, lot=lot.pk))
    assert response.status_code == 200
    assert "lot" in response.context["form"].errors
    assert not StampRun.objects.exists()


def test_member_downloads_the_print_files(client, coop_member, run):
    client.force_login(coop_member)
    response = client.get(reverse("stamps:run-file", args=[run.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    for kind in ("csv", "xlsx"):
        assert client.get(reverse("stamps:run-file", args=[run.pk, kind])).status_code == 200
    assert client.get(reverse("stamps:run-file", args=[run.pk, "exe"])).status_code == 404


def test_files_of_an_unfinished_run_are_not_served(client, coop_member, run):
    StampRun.objects.filter(pk=run.pk).update(status=StampRun.Status.LAYING_OUT)
    client.force_login(coop_member)
    assert client.get(reverse("stamps:run-file", args=[run.pk, "pdf"])).status_code == 404


def test_member_marks_printed_activates_and_voids(client, coop_member, run, lot):
    client.force_login(coop_member)
    page = client.get(reverse("stamps:run-detail", args=[run.pk])).content.decode()
    assert 'id="mark-printed"' in page and 'data-file="pdf"' in page
    assert "<noscript>" not in page

    url, data = _run_writes(run, lot)[0]
    assert client.post(url, data).status_code == 302
    assert set(run.stamps.values_list("status", flat=True)) == {StampStatus.PRINTED}

    url = reverse("stamps:run-activate", args=[run.pk])
    response = client.post(url, _activate(lot, 1, 6))
    assert response.status_code == 302
    assert run.stamps.filter(status=StampStatus.ACTIVATED, lot=lot).count() == 6

    url = reverse("stamps:run-void", args=[run.pk])
    response = client.post(url, _void(6, 7, "damaged"))
    assert response.status_code == 302
    voided = run.stamps.filter(status=StampStatus.VOIDED).order_by("number")
    assert list(voided.values_list("number", flat=True)) == [
        6,
        7,
    ]

    # A voided stamp cannot be activated: the page says which, and nothing changes.
    before = _snapshot()
    url = reverse("stamps:run-activate", args=[run.pk])
    response = client.post(url, _activate(lot, 1, 10))
    assert response.status_code == 400
    errors = response.context["activate_form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["voided", "voided"]
    serials = dict(run.stamps.values_list("number", "serial"))
    assert serials[6] in response.content.decode()
    assert _snapshot() == before


def test_range_form_refuses_backwards_numbers(client, coop_member, run, lot):
    client.force_login(coop_member)
    url = reverse("stamps:run-activate", args=[run.pk])
    response = client.post(url, _activate(lot, 8, 3))
    assert response.status_code == 400
    assert "number_to" in response.context["activate_form"].errors
    assert not run.stamps.filter(status=StampStatus.ACTIVATED).exists()


def test_member_activates_scanned_links(client, coop_member, run, lot):
    client.force_login(coop_member)
    stamps = list(run.stamps.order_by("number")[:3])
    scanned = "\r\n".join(
        f"http://testserver/01/{lot.product.gtin}/10/{lot.code}/21/{s.serial}" for s in stamps
    )
    response = client.post(reverse("stamps:activate"), {"lot": lot.pk, "serials": scanned})
    assert response.status_code == 302
    assert set(run.stamps.filter(status=StampStatus.ACTIVATED).values_list("pk", flat=True)) == {
        s.pk for s in stamps
    }


def test_member_voids_scanned_serials(client, coop_member, run):
    client.force_login(coop_member)
    serial = run.stamps.get(number=2).serial
    response = client.post(reverse("stamps:void"), {"serials": serial, "reason": "recalled"})
    assert response.status_code == 302
    assert run.stamps.get(number=2).void_reason == "recalled"


def test_run_list_query_count_does_not_grow(
    client, coop_member, product, make_run, django_assert_max_num_queries
):
    client.force_login(coop_member)
    make_run(product, quantity=1)
    client.get(reverse("stamps:run-list"))  # session and permissions warmed up
    with django_assert_max_num_queries(8) as few:
        assert client.get(reverse("stamps:run-list")).status_code == 200
    for _ in range(10):
        run = make_run(product, quantity=1)
        progress = TaskProgress.objects.create(title="x", owner=coop_member)
        StampRun.objects.filter(pk=run.pk).update(progress=progress)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("stamps:run-list"))
    assert len(response.context["runs"]) == 11


def test_run_page_query_count_is_bounded(client, coop_member, run, django_assert_max_num_queries):
    client.force_login(coop_member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("stamps:run-detail", args=[run.pk])).status_code == 200


def test_profile_links_my_stamps_for_members_only(client, coop_member, make_user):
    client.force_login(coop_member)
    link = f'href="{reverse("stamps:run-list")}"'
    assert link in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(make_user("Khách"))
    assert link not in client.get(reverse("accounts:profile")).content.decode()


def test_admin_shows_runs_stamps_and_scans_but_does_not_write(client, superuser, run):
    client.force_login(superuser)
    for model in ("stamprun", "stamp", "scan"):
        assert client.get(reverse(f"admin:stamps_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:stamps_{model}_add")).status_code == 403
    stamp = run.stamps.first()
    page = client.get(reverse("admin:stamps_stamp_change", args=[stamp.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()  # read only
    before = _snapshot()
    client.post(reverse("admin:stamps_stamp_change", args=[stamp.pk]), {"status": "voided"})
    assert (
        client.post(
            reverse("admin:stamps_stamp_delete", args=[stamp.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert _snapshot() == before


def test_coop_creates_a_run_of_stamps_rather_than_ordering_them(client, coop_member, run):
    client.force_login(coop_member)
    for url in (reverse("stamps:run-list"), reverse("stamps:run-create")):
        page = client.get(url).content.decode()
        assert "Tạo đợt in tem" in page
        assert "Đặt in" not in page
