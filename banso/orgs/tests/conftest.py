"""Two co-operatives in two communes of Lào Cai, each with an owner and a staff member."""

import pytest

from banso.orgs.models import MembershipRole
from banso.orgs.services import membership_set
from banso.orgs.tests.factories import OrganisationFactory, tax_code


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(make_user):
    return make_user("Quản trị", is_superuser=True, is_staff=True)


@pytest.fixture
def owner(make_user):
    return make_user("Tẩn Văn Sử")


@pytest.fixture
def staff(make_user):
    return make_user("Sần Thị Mai")


@pytest.fixture
def other_owner(make_user):
    return make_user("Lồ Thị Dín")


@pytest.fixture
def other_staff(make_user):
    return make_user("Vàng Thị Chư")


@pytest.fixture
def organisation(admin, muong_khuong, owner, staff):
    """A co-operative in Mường Khương (Lào Cai)."""
    organisation = OrganisationFactory(
        actor=admin,
        unit=muong_khuong,
        name="Hợp tác xã Quýt Mường Khương",
        tax_code=tax_code("530083403"),
        phone="0214 3871 340",
    )
    membership_set(actor=admin, organisation=organisation, user=owner, role=MembershipRole.OWNER)
    membership_set(actor=admin, organisation=organisation, user=staff, role=MembershipRole.STAFF)
    return organisation


@pytest.fixture
def other_organisation(admin, bac_ha, other_owner, other_staff):
    """A co-operative in Bắc Hà (Lào Cai)."""
    organisation = OrganisationFactory(
        actor=admin, unit=bac_ha, name="Hợp tác xã Mận Tam Hoa Bắc Hà", tax_code=tax_code()
    )
    membership_set(
        actor=admin, organisation=organisation, user=other_owner, role=MembershipRole.OWNER
    )
    membership_set(
        actor=admin, organisation=organisation, user=other_staff, role=MembershipRole.STAFF
    )
    return organisation
