"""Load the administrative units and their old→new mapping from the vietnamadminunits package.

The package ships a SQLite data set (current two tiers and the pre-reform three tiers) and
the official conversion table. Units are upserted on (is_current, level, code), so loading
again changes nothing and takes a few seconds.
"""

import json
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import cast

from django.db import transaction
from vietnamadminunits.database import get_data

from banso.common.text import fold, sort_key
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession

UPDATE_FIELDS = [
    "kind",
    "name",
    "short_name",
    "name_folded",
    "name_sort",
    "parent",
    "path",
    "latitude",
    "longitude",
    "updated_at",
]


@dataclass
class LoadReport:
    provinces: int = 0
    communes: int = 0
    retired_provinces: int = 0
    retired_districts: int = 0
    retired_communes: int = 0
    successions: int = 0
    unmapped: int = 0


def _key(text: str) -> str:
    """The package's keys are folded names with no spaces; a few keep diacritics."""
    text = text.replace("đ", "d").replace("Đ", "d")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _with_folded_keys(units: dict) -> dict:
    """``units`` under their own keys, and under folded keys for look-ups that miss.

    A few of the package's keys keep diacritics on purpose, to tell apart two units whose
    folded names are the same (Xã Minh Quân and Xã Minh Quán of Trấn Yên); folding those
    keys would give both units' land to one of them.
    """
    index = dict(units)
    for key in units:
        index.setdefault(_fold(key), units[key])
    return index


def _fold(key):
    return (key[0], _key(key[1])) if isinstance(key, tuple) else _key(key)


def _find(index: dict, key):
    return index.get(key) or index.get(_fold(key))


def _kind(full_name: str, short_name: str) -> str:
    return full_name[: -len(short_name)].strip() if full_name.endswith(short_name) else ""


def _upsert(units: list[AdministrativeUnit]) -> dict[str, AdministrativeUnit]:
    AdministrativeUnit.objects.bulk_create(
        units,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["is_current", "level", "code"],
        update_fields=UPDATE_FIELDS,
    )
    paths = [unit.path for unit in units]
    stored = {}
    for start in range(0, len(paths), 900):
        for unit in AdministrativeUnit.objects.filter(path__in=paths[start : start + 900]):
            stored[unit.path] = unit
    return stored


def _unit(*, code, level, name, short, parent, path, current, lat, lon):
    return AdministrativeUnit(
        code=code,
        level=level,
        kind=_kind(name, short),
        name=name,
        short_name=short,
        name_folded=fold(short),
        name_sort=sort_key(short),
        parent=parent,
        path=path,
        is_current=current,
        latitude=lat,
        longitude=lon,
    )


@transaction.atomic
def units_load() -> LoadReport:
    report = LoadReport()
    current_rows = get_data(table="admin_units")
    legacy_rows = get_data(table="admin_units_legacy")

    # Current: provinces, then communes and wards.
    provinces: dict[str, dict] = {}
    for row in current_rows:
        provinces.setdefault(row["provinceCode"], row)
    stored = _upsert(
        [
            _unit(
                code=code,
                level=UnitLevel.PROVINCE,
                name=row["province"],
                short=row["provinceShort"],
                parent=None,
                path=f"n{code}/",
                current=True,
                lat=row["provinceLat"],
                lon=row["provinceLon"],
            )
            for code, row in provinces.items()
        ]
    )
    province_by_code = {code: stored[f"n{code}/"] for code in provinces}
    stored = _upsert(
        [
            _unit(
                code=row["wardCode"],
                level=UnitLevel.COMMUNE,
                name=row["ward"],
                short=row["wardShort"],
                parent=province_by_code[row["provinceCode"]],
                path=f"n{row['provinceCode']}/{row['wardCode']}/",
                current=True,
                lat=row["wardLat"],
                lon=row["wardLon"],
            )
            for row in current_rows
        ]
    )
    report.provinces, report.communes = len(provinces), len(stored)
    current_by_key = _with_folded_keys(
        {
            (row["provinceKey"], row["wardKey"]): stored[
                f"n{row['provinceCode']}/{row['wardCode']}/"
            ]
            for row in current_rows
        }
    )
    current_province_by_key = {
        row["provinceKey"]: province_by_code[row["provinceCode"]] for row in current_rows
    }

    # Retired: provinces, districts, communes.
    old_provinces: dict[str, dict] = {}
    old_districts: dict[tuple[str, str], dict] = {}
    for row in legacy_rows:
        old_provinces.setdefault(row["provinceCode"], row)
        old_districts.setdefault((row["provinceCode"], row["districtCode"]), row)
    stored = _upsert(
        [
            _unit(
                code=code,
                level=UnitLevel.PROVINCE,
                name=row["province"],
                short=row["provinceShort"],
                parent=None,
                path=f"o{code}/",
                current=False,
                lat=row["provinceLat"],
                lon=row["provinceLon"],
            )
            for code, row in old_provinces.items()
        ]
    )
    old_province_by_code = {code: stored[f"o{code}/"] for code in old_provinces}
    stored = _upsert(
        [
            _unit(
                code=dcode,
                level=UnitLevel.DISTRICT,
                name=row["district"],
                short=row["districtShort"],
                parent=old_province_by_code[pcode],
                path=f"o{pcode}/{dcode}/",
                current=False,
                lat=row["districtLat"],
                lon=row["districtLon"],
            )
            for (pcode, dcode), row in old_districts.items()
        ]
    )
    old_district_by_code = {key: stored[f"o{key[0]}/{key[1]}/"] for key in old_districts}
    ward_rows = [row for row in legacy_rows if row["wardCode"]]
    stored = _upsert(
        [
            _unit(
                code=row["wardCode"],
                level=UnitLevel.COMMUNE,
                name=row["ward"],
                short=row["wardShort"],
                parent=old_district_by_code[(row["provinceCode"], row["districtCode"])],
                path=f"o{row['provinceCode']}/{row['districtCode']}/{row['wardCode']}/",
                current=False,
                lat=row["wardLat"],
                lon=row["wardLon"],
            )
            for row in ward_rows
        ]
    )
    report.retired_provinces = len(old_provinces)
    report.retired_districts = len(old_districts)
    report.retired_communes = len(stored)

    # Old keys ("province_district_ward"; ward empty for island districts with no communes).
    old_by_key = {}
    for row in legacy_rows:
        district = old_district_by_code[(row["provinceCode"], row["districtCode"])]
        if row["wardCode"]:
            path = f"o{row['provinceCode']}/{row['districtCode']}/{row['wardCode']}/"
            unit = stored[path]
            ward_key = row["wardKey"]
        else:
            unit, ward_key = district, ""
        old_by_key[f"{row['provinceKey']}_{row['districtKey']}_{ward_key}"] = unit
    old_by_key = _with_folded_keys(old_by_key)
    old_province_by_key = {
        row["provinceKey"]: old_province_by_code[row["provinceCode"]] for row in legacy_rows
    }

    successions: dict[tuple[int, int], bool] = {}

    def link(old, new, is_default):
        key = (old.pk, new.pk)
        successions[key] = successions.get(key, False) or is_default

    conversion = json.loads(
        resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text()
    )
    for new_province_key, old_keys in conversion["DICT_PROVINCE"].items():
        for old_key in old_keys:
            link(
                old_province_by_key[old_key],
                current_province_by_key[new_province_key],
                old_key == new_province_key or len(old_keys) == 1,
            )
    divided = set()
    for province_key, olds in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            old = _find(old_by_key, old_key)
            if old is None:
                report.unmapped += 1
                continue
            divided.add(old.pk)
            for target in targets:
                new = _find(current_by_key, (province_key, target["newWardKey"]))
                if new is None:
                    report.unmapped += 1
                    continue
                link(old, new, bool(target["isDefaultNewWard"]))
    for province_key, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            new = _find(current_by_key, (province_key, new_key))
            for old_key in old_keys:
                old = _find(old_by_key, old_key)
                if old is None or new is None:
                    report.unmapped += 1
                    continue
                link(old, new, old.pk not in divided)
    # A retired district passed to every commune that took one of its communes.
    units_by_pk = {unit.pk: unit for unit in stored.values()}
    for old_pk, new_pk in list(successions):
        old = units_by_pk.get(old_pk)
        if old is not None:
            # ``stored`` holds the retired communes, each under its district.
            successions.setdefault((cast(int, old.parent_id), new_pk), False)

    UnitSuccession.objects.bulk_create(
        [
            UnitSuccession(retired_id=o, successor_id=n, is_default=d)
            for (o, n), d in successions.items()
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["retired", "successor"],
        update_fields=["is_default"],
    )
    report.successions = len(successions)
    return report
