"""Places reads officers' roles through the function accounts gives it, never by importing
accounts; without that function nobody covers anything."""

from banso.places import scopes
from banso.places.rules import is_officer, officer_covers_unit
from banso.places.selectors import villages_for_user


def test_accounts_provides_the_officer_scope(commune_officer, muong_khuong, bac_ha, village):
    assert officer_covers_unit(commune_officer, muong_khuong)
    assert not officer_covers_unit(commune_officer, bac_ha)
    assert list(villages_for_user(commune_officer)) == [village]
    assert commune_officer.has_perm("places.change_village", village)


def test_without_a_provider_every_check_denies(commune_officer, muong_khuong, village):
    provider = scopes._officer_scope_provider
    scopes._officer_scope_provider = None
    try:
        assert not is_officer(commune_officer)
        assert not officer_covers_unit(commune_officer, muong_khuong)
        assert not villages_for_user(commune_officer).exists()
        assert not commune_officer.has_perm("places.change_village", village)
    finally:
        scopes.officer_scope_provider_set(provider)
