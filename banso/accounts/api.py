from ninja import Router, Schema

from banso.accounts.selectors import role_grants_for_user

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    place: str


class MeOut(Schema):
    id: int
    full_name: str
    phone: str | None
    email: str | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in person and their roles")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "roles": [{"role": g.role, "place": str(g.place)} for g in role_grants_for_user(user)],
    }
