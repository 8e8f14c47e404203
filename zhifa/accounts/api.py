from ninja import Router, Schema

router = Router()


class MeOut(Schema):
    username: str
    full_name: str
    organisation: str | None
    roles: list[str]
    county_wide: bool


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request):  # type: ignore[no-untyped-def]
    user = request.auth
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        organisation=user.organisation.name if user.organisation else None,
        roles=sorted(user.role_set),
        county_wide=user.is_county_wide,
    )
