"""What the review tests share: organisations with a text to translate, and the province's
translator."""

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.lingo.models import Translation
from banso.orgs.services import organisation_update

STORY = "Hợp tác xã trồng quýt trên đồi. Quả chín vào tháng mười một."
PLUM = "Mận Tam Hoa chín vào tháng năm."


def described(organisation, *, actor, text: str = STORY):
    """``organisation`` with ``text`` as its story: its translations wait in en and zh-hans."""
    return organisation_update(actor=actor, organisation=organisation, description=text)


def rows_of(organisation) -> dict[str, Translation]:
    return {
        row.language: row
        for row in Translation.objects.filter(object_id=organisation.pk, field="description")
    }


def province_translator(make_user, province, *, name: str = "Hoàng Minh Châu", **fields):
    user = make_user(name, **fields)
    role_grant(user=user, role=PlaceRole.TRANSLATOR, unit=province)
    return user
