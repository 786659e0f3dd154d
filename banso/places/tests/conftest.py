"""Fixtures for the places tests: retired units, a village in another commune, tokens."""

import pytest

from banso.accounts.services import api_token_create
from banso.places.models import AdministrativeUnit, UnitLevel, Village


@pytest.fixture
def old_bac_ha_district(places):
    return AdministrativeUnit.objects.get(is_current=False, level=UnitLevel.DISTRICT, code="085")


@pytest.fixture
def old_ban_pho(old_bac_ha_district):
    """Xã Bản Phố of the retired Huyện Bắc Hà, merged into today's Xã Bắc Hà."""
    return AdministrativeUnit.objects.get(
        is_current=False, level=UnitLevel.COMMUNE, parent=old_bac_ha_district, name="Xã Bản Phố"
    )


@pytest.fixture
def plain_user(make_user):
    return make_user("Người dân")


@pytest.fixture
def bac_ha_village(bac_ha):
    village = Village(commune=bac_ha, name="Na Hối", kind="ban")
    village.full_clean()
    village.save()
    return village


@pytest.fixture
def bearer(db):
    """The Authorization header of a new API token for ``user``."""

    def header(user) -> dict:
        _token, key = api_token_create(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return header


@pytest.fixture
def village_state(db):
    """Every village with every field a write could change, for "nothing changed" checks."""

    def state() -> list[tuple]:
        return list(
            Village.objects.order_by("pk").values_list(
                "pk", "commune_id", "name", "name_folded", "kind", "latitude", "longitude"
            )
        )

    return state
