"""The admin shows the register and the help given to read, in the person's language; the
kinds of help are maintained there through their services."""

import pytest

from banso.teams.models import HelpKind
from banso.teams.services.help import help_record
from banso.teams.tests.makers import help_data

pytestmark = pytest.mark.django_db


def test_the_register_and_the_help_are_read_only(client, superuser, team, leader, member_user):
    help_record(actor=member_user, data=help_data(leader))
    client.force_login(superuser)
    for model, shown in [
        ("team", "125/QĐ-UBND"),
        ("teammember", "Vàng Thị Mai"),
        ("helprecord", "Hầu Thị Chá"),
        ("helpkind", "Tài khoản VNeID và định danh điện tử mức độ 2"),
    ]:
        body = client.get(f"/admin/teams/{model}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert shown in body, model
    assert (
        "Chức vụ trong tổ"
        in client.get(f"/admin/teams/teammember/{leader.pk}/change/").content.decode()
    )
    for model in ("team", "teammember", "helprecord", "helpconflict"):
        assert client.get(f"/admin/teams/{model}/add/").status_code == 403, model


def test_a_kind_is_added_and_retired_through_the_services(client, superuser, commune_officer):
    client.force_login(superuser)
    response = client.post(
        "/admin/teams/helpkind/add/",
        {"code": "zalo", "name": "Tài khoản Zalo", "position": 200, "is_active": "on"},
    )
    assert response.status_code == 302
    kind = HelpKind.objects.get(code="zalo")
    client.post(
        f"/admin/teams/helpkind/{kind.pk}/change/",
        {"name": "Tài khoản Zalo", "position": 200},
    )
    kind.refresh_from_db()
    assert not kind.is_active
    assert client.get(f"/admin/teams/helpkind/{kind.pk}/delete/").status_code == 403
    commune_officer.is_staff = True
    commune_officer.save()
    client.force_login(commune_officer)
    assert client.get("/admin/teams/helpkind/add/").status_code == 403
