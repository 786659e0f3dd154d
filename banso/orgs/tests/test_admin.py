"""The admin is one more door to the orgs services: the organisation, its people and its
certificates change there through the same functions, with the same permissions."""

import datetime

import pytest

from banso.common.tests.admin_forms import admin_form_data
from banso.orgs.models import Certificate, Membership, MembershipRole
from banso.orgs.selectors import certificates_in_force
from banso.orgs.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def _post(client, organisation, **changes):
    url = f"/admin/orgs/organisation/{organisation.pk}/change/"
    data = {**admin_form_data(client.get(url)), **changes}
    return client.post(url, data, follow=True)


def _index(organisation, model, pk) -> int:
    rows = list(model.objects.filter(organisation=organisation).order_by("pk"))
    return [row.pk for row in rows].index(pk)


def test_a_certificate_ended_in_the_admin_is_no_longer_in_force(admin_client, admin, organisation):
    certificate = CertificateFactory(actor=admin, organisation=organisation)
    assert certificate in certificates_in_force()
    index = _index(organisation, Certificate, certificate.pk)
    _post(admin_client, organisation, **{f"certificates-{index}-valid_until": "2025-01-31"})
    assert Certificate.objects.get(pk=certificate.pk).valid_until == datetime.date(2025, 1, 31)
    assert certificate not in certificates_in_force()


def test_a_staff_member_cannot_remove_people_in_the_admin(client, staff, owner, organisation):
    """orgs.manage_members is the owners' (and the province's officers') right."""
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    membership = Membership.objects.get(organisation=organisation, user=owner)
    index = _index(organisation, Membership, membership.pk)
    _post(client, organisation, **{f"memberships-{index}-DELETE": "on"})
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_owner_changes_a_role_in_the_admin(client, owner, staff, organisation):
    owner.is_staff = True
    owner.save(update_fields=["is_staff"])
    client.force_login(owner)
    membership = Membership.objects.get(organisation=organisation, user=staff)
    index = _index(organisation, Membership, membership.pk)
    _post(client, organisation, **{f"memberships-{index}-role": MembershipRole.OWNER})
    assert Membership.objects.get(pk=membership.pk).role == MembershipRole.OWNER


def test_organisations_are_not_deleted_or_switched_off_in_the_admin(admin_client, organisation):
    url = f"/admin/orgs/organisation/{organisation.pk}/"
    assert admin_client.get(url + "delete/").status_code == 403
    _post(admin_client, organisation, is_active="")
    organisation.refresh_from_db()
    assert organisation.is_active


def test_a_membership_given_to_another_person_in_the_admin_replaces_the_old_one(
    admin_client, make_user, staff, organisation
):
    """Changing the person of a row is the other person's membership, set through the
    service, and the first person's membership removed through the service."""
    newcomer = make_user("Thào Seo Chứ")
    membership = Membership.objects.get(organisation=organisation, user=staff)
    index = _index(organisation, Membership, membership.pk)
    _post(admin_client, organisation, **{f"memberships-{index}-user": str(newcomer.pk)})
    people = set(
        Membership.objects.filter(organisation=organisation).values_list("user", flat=True)
    )
    assert newcomer.pk in people
    assert staff.pk not in people
