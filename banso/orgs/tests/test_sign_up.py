"""A co-operative registers itself; it sells and prints stamps once an officer approves it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.accounts.models import User
from banso.market.models import Shop
from banso.market.services.shops import shop_create
from banso.orgs.models import Membership, MembershipRole, Organisation, OrganisationApproval
from banso.orgs.services import organisation_review
from banso.stamps.services.runs import stamp_run_create
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("orgs:sign-up")
PENDING_VI = "đang chờ cán bộ xã hoặc tỉnh phê duyệt"


def _form(muong_khuong, **changes) -> dict:
    data = {
        "full_name": "Giàng Seo Phủ",
        "phone": "0912 345 678",
        "email": "",
        "password1": "Mận-tam-hoa-2025",
        "password2": "Mận-tam-hoa-2025",
        "organisation_name": "HTX Mận Tả Thàng",
        "kind": "cooperative",
        "unit": str(muong_khuong.pk),
        "village": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def registered(client, muong_khuong) -> Organisation:
    response = client.post(SIGN_UP, _form(muong_khuong))
    assert response.status_code == 302
    return Organisation.objects.get(name="HTX Mận Tả Thàng")


def test_sign_up_creates_the_person_and_a_pending_organisation(client, registered, muong_khuong):
    person = User.objects.get(phone="+84912345678")
    assert person.full_name == "Giàng Seo Phủ"
    assert person.check_password("Mận-tam-hoa-2025")
    assert registered.approval == OrganisationApproval.PENDING
    assert registered.unit == muong_khuong
    assert Membership.objects.get(organisation=registered).user == person
    assert Membership.objects.get(organisation=registered).role == MembershipRole.OWNER
    # Signed in, and told on the organisation's page that it waits.
    page = client.get(reverse("orgs:organisation-detail", args=[registered.slug]))
    assert page.wsgi_request.user == person
    assert PENDING_VI in page.content.decode()


def test_a_refused_password_stores_nothing(client, muong_khuong):
    response = client.post(SIGN_UP, _form(muong_khuong, password1="12345678", password2="12345678"))
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(phone="+84912345678").exists()
    assert not Organisation.objects.filter(name="HTX Mận Tả Thàng").exists()


def test_a_phone_with_an_account_is_refused(client, muong_khuong, make_user):
    make_user("Đã có", phone="0912345678")
    response = client.post(SIGN_UP, _form(muong_khuong))
    assert response.status_code == 200
    assert "đã có tài khoản" in response.content.decode()
    assert not Organisation.objects.filter(name="HTX Mận Tả Thàng").exists()


def test_a_village_of_another_commune_is_refused(client, muong_khuong, bac_ha):
    from banso.places.models import Village

    other = Village(commune=bac_ha, name="Bản Phố", kind="ban")
    other.full_clean()
    other.save()
    response = client.post(SIGN_UP, _form(muong_khuong, village=str(other.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["village"]
    assert (
        not Organisation.objects.exists()
        or not Organisation.objects.filter(name="HTX Mận Tả Thàng").exists()
    )


def test_sign_up_is_rate_limited_per_address(client, muong_khuong):
    for number in range(5):
        response = client.post(
            SIGN_UP,
            _form(muong_khuong, phone=f"091234500{number}", organisation_name=f"HTX {number}"),
        )
        assert response.status_code == 302
        client.logout()
    response = client.post(SIGN_UP, _form(muong_khuong, phone="0912345099"))
    assert response.status_code == 429
    assert not User.objects.filter(phone="+84912345099").exists()


def test_a_pending_organisation_cannot_open_a_shop_or_order_stamps(registered):
    owner = registered.memberships.get().user
    with pytest.raises(ValidationError) as refused:
        shop_create(actor=owner, organisation=registered, name="Gian hàng Tả Thàng")
    assert refused.value.code == "organisation_pending"
    product = product_make(registered, name="Mận tam hoa", item=1)
    with pytest.raises(ValidationError) as refused:
        stamp_run_create(actor=owner, product=product, quantity=10)
    assert refused.value.code == "organisation_pending"


def test_the_shop_page_says_why_in_vietnamese(client, registered):
    response = client.post(
        reverse("market:manage-shop-create", args=[registered.slug]),
        {
            "name": "Gian hàng Tả Thàng",
            "unit": registered.unit_id,
            "offers_delivery": "on",
            "delivery_fee_vnd": "25000",
            "accepts_cod": "on",
        },
    )
    assert response.status_code == 200
    assert PENDING_VI in response.content.decode()
    assert not Shop.objects.filter(organisation=registered).exists()


def test_a_commune_officer_approves_and_the_organisation_can_sell_and_print(
    client, registered, commune_officer
):
    owner = registered.memberships.get().user
    client.force_login(commune_officer)
    waiting = client.get(reverse("orgs:organisations-waiting"))
    assert registered.name in waiting.content.decode()
    response = client.post(
        reverse("orgs:organisation-review", args=[registered.slug]), {"decision": "approve"}
    )
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.approval == OrganisationApproval.APPROVED
    assert registered.reviewed_by == commune_officer

    shop = shop_create(actor=owner, organisation=registered, name="Gian hàng Tả Thàng")
    assert shop.pk
    product = product_make(registered, name="Mận tam hoa", item=1)
    assert stamp_run_create(actor=owner, product=product, quantity=10).pk


def test_an_officer_of_another_commune_cannot_review(client, registered, other_commune_officer):
    client.force_login(other_commune_officer)
    waiting = client.get(reverse("orgs:organisations-waiting")).content.decode()
    assert registered.name not in waiting[waiting.index('id="waiting"') :]
    response = client.post(
        reverse("orgs:organisation-review", args=[registered.slug]), {"decision": "approve"}
    )
    assert response.status_code == 404
    registered.refresh_from_db()
    assert registered.approval == OrganisationApproval.PENDING


def test_the_owner_cannot_approve_their_own_organisation(registered):
    owner = registered.memberships.get().user
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        organisation_review(actor=owner, organisation=registered, approve=True)
    registered.refresh_from_db()
    assert registered.approval == OrganisationApproval.PENDING


def test_a_refused_organisation_still_cannot_sell(registered, province_officer):
    organisation_review(actor=province_officer, organisation=registered, approve=False)
    owner = registered.memberships.get().user
    with pytest.raises(ValidationError) as refused:
        shop_create(actor=owner, organisation=registered, name="Gian hàng Tả Thàng")
    assert refused.value.code == "organisation_refused"
    with pytest.raises(ValidationError):
        organisation_review(actor=province_officer, organisation=registered, approve=True)
