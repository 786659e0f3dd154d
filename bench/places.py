"""The province of a benchmark's data set: Lào Cai (code 15) and villages in its communes of
today, written in bulk (``village_create`` one by one would take minutes for 1,683)."""

PROVINCE = "15"  # Lào Cai
COMMUNES = 99
VILLAGES_PER_COMMUNE = 17


def province_villages_write(*, communes: int = COMMUNES, per_commune: int = VILLAGES_PER_COMMUNE):
    """The administrative units (loaded when missing) and ``per_commune`` villages "Thôn 1",
    "Thôn 2" … in each of the province's first ``communes`` communes by code; returns the
    province and its villages as (village, commune) primary keys, in the order written."""
    from banso.common.text import fold, sort_key
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit, Village

    if not AdministrativeUnit.objects.exists():
        units_load()
    province = AdministrativeUnit.objects.get(is_current=True, level="province", code=PROVINCE)
    chosen = list(
        AdministrativeUnit.objects.filter(
            is_current=True, level="commune", parent=province
        ).order_by("code")[:communes]
    )
    Village.objects.bulk_create(
        [
            Village(
                commune=commune,
                name=f"Thôn {number + 1}",
                kind="thon",
                name_folded=fold(f"Thôn {number + 1}"),
                name_sort=sort_key(f"Thôn {number + 1}"),
            )
            for commune in chosen
            for number in range(per_commune)
        ],
        batch_size=1000,
    )
    villages = list(
        Village.objects.filter(commune__in=chosen).order_by("pk").values_list("pk", "commune_id")
    )
    return province, villages
