"""Lào Cai demo data: real units, a few villages, the co-operatives the province is known for,
and one person per role. Every step looks its rows up first, so seeding twice changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from django.db import transaction
from stdnum.vn import mst

from banso.accounts.models import PlaceRole, User
from banso.accounts.services import role_grant, user_create
from banso.broadcast.demo import broadcast_demo_seed
from banso.households.demo import households_demo_seed
from banso.households.telecom_demo import telecom_demo_seed
from banso.indicators.demo import indicators_demo_seed
from banso.indicators.rankings_demo import rankings_demo_seed
from banso.lingo.demo import glossary_demo_seed
from banso.market.demo import market_demo_seed
from banso.orgs.models import Certificate, Organisation
from banso.orgs.services import certificate_add, membership_set, organisation_create
from banso.places.loading import units_load
from banso.places.models import AdministrativeUnit, Village
from banso.places.services import village_create
from banso.stamps.demo import stamps_demo_seed
from banso.teams.demo import teams_demo_seed
from banso.tourism.demo import tourism_demo_seed
from banso.trace.demo import trace_demo_seed

DEMO_PASSWORD = "demo-banso"  # noqa: S105 (printed for the demo; never used in production)
LAO_CAI = "15"  # Lào Cai's code since the 2025 merger with Yên Bái


@dataclass
class DemoLogin:
    phone: str
    name: str
    role: str


@dataclass
class DemoReport:
    logins: list[DemoLogin] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


VILLAGES = [
    # (commune code, name, kind, latitude, longitude)
    ("03037", "Lao Chải", "ban", 22.3109, 103.8640),
    ("03037", "Tả Van Giáy", "ban", 22.3040, 103.8846),
    ("03006", "Cát Cát", "ban", 22.3299, 103.8319),
    ("02839", "Na Hối", "thon", 22.5372, 104.2826),
    ("02839", "Bản Phố", "thon", 22.5559, 104.3124),
    ("02761", "Mã Tuyển", "thon", 22.6860, 104.1191),
    ("02761", "Sảng Chải", "thon", 22.7037, 104.1036),
    ("02701", "Choản Thèn", "thon", 22.6560, 103.6080),
]


class OrganisationSpec(TypedDict):
    key: str
    name: str
    kind: str
    commune: str
    village: str
    tax_serial: str
    representative: str
    description: str
    bank: tuple[str, str, str] | None  # BIN, account number, account name; None: no account


ORGANISATIONS: list[OrganisationSpec] = [
    {
        "key": "muong-hoa",
        "name": "Hợp tác xã Mường Hoa",
        "kind": "cooperative",
        "commune": "03037",
        "village": "Lao Chải",
        "tax_serial": "530081201",
        "representative": "Sùng Thị Lan",
        "description": "Thổ cẩm, đồ thủ công mỹ nghệ của đồng bào H'Mông và du lịch cộng đồng "
        "ở thung lũng Mường Hoa: nhận khách đặt tour, đặt phòng qua mạng.",
        "bank": ("970405", "8800205123456", "HTX MUONG HOA"),
    },
    {
        "key": "hoa-dao",
        "name": "Hợp tác xã nông nghiệp Hoa Đào",
        "kind": "cooperative",
        "commune": "03006",
        "village": "Cát Cát",
        "tax_serial": "530082302",
        "representative": "Đỗ Thị Liên",
        "description": "Rau, dược liệu và đặc sản Sa Pa, gắn mã QR truy xuất nguồn gốc từ "
        "thu hái, sơ chế đến đóng gói.",
        "bank": ("970418", "8890123456", "HTX NONG NGHIEP HOA DAO"),
    },
    {
        "key": "quyt-muong-khuong",
        "name": "Hợp tác xã Quýt Mường Khương",
        "kind": "cooperative",
        "commune": "02761",
        "village": "Mã Tuyển",
        "tax_serial": "530083403",
        "representative": "Tẩn Văn Sử",
        "description": "Quýt ngọt Mường Khương trồng trên núi đá, bán cả qua livestream.",
        "bank": ("970415", "105872345678", "HTX QUYT MUONG KHUONG"),
    },
    {
        "key": "man-che-bac-ha",
        "name": "Hợp tác xã Mận Tam Hoa và Chè Shan Tuyết Bắc Hà",
        "kind": "cooperative",
        "commune": "02839",
        "village": "Na Hối",
        "tax_serial": "530084504",
        "representative": "Lồ Thị Dín",
        "description": "Mận tam hoa và chè shan tuyết cổ thụ của vùng cao nguyên Bắc Hà.",
        "bank": ("970436", "0421000456789", "HTX MAN CHE BAC HA"),
    },
    # Homestays of households (the tourism demo gives each its stay; the co-operatives above
    # host guests too).
    {
        "key": "nha-sinh-ta-van",
        "name": "Hộ kinh doanh Homestay Nhà Sinh",
        "kind": "homestay_operator",
        "commune": "03037",
        "village": "Tả Van Giáy",
        "tax_serial": "530085605",
        "representative": "Hoàng Thị Sinh",
        "description": "Homestay của một gia đình người Giáy ở Tả Van, bên ruộng bậc thang "
        "thung lũng Mường Hoa.",
        "bank": ("970422", "0981000013", "HOANG THI SINH"),
    },
    {
        "key": "ban-pho-homestay",
        "name": "Hộ kinh doanh Homestay Bản Phố",
        "kind": "homestay_operator",
        "commune": "02839",
        "village": "Bản Phố",
        "tax_serial": "530086706",
        "representative": "Vàng Thị Dợ",
        "description": "Nhà trình tường của người H'Mông Hoa ở Bản Phố, nấu rượu ngô và đưa khách "
        "đi chợ phiên Bắc Hà.",
        "bank": None,
    },
    {
        "key": "choan-then-homestay",
        "name": "Hộ kinh doanh Homestay Choản Thèn",
        "kind": "homestay_operator",
        "commune": "02701",
        "village": "Choản Thèn",
        "tax_serial": "530087807",
        "representative": "Chu Thị Gió",
        "description": "Nhà trình tường mái cỏ của người Hà Nhì ở Y Tý, đón khách săn mây.",
        "bank": None,
    },
]

CERTIFICATES: dict[str, list[dict[str, Any]]] = {
    "muong-hoa": [
        dict(
            kind="ocop",
            ocop_stars=3,
            ocop_year=2023,
            title="Khăn thổ cẩm H'Mông",
            issuer="UBND tỉnh Lào Cai",
            number="OCOP-LC-2023-118",
        )
    ],
    "hoa-dao": [
        dict(
            kind="vietgap",
            title="Rau an toàn Sa Pa",
            issuer="Trung tâm Chứng nhận Phù hợp",
            number="VietGAP-TT-21-0457",
        )
    ],
    "quyt-muong-khuong": [
        dict(
            kind="ocop",
            ocop_stars=4,
            ocop_year=2024,
            title="Quýt Mường Khương",
            issuer="UBND tỉnh Lào Cai",
            number="OCOP-LC-2024-031",
        )
    ],
    "man-che-bac-ha": [
        dict(
            kind="ocop",
            ocop_stars=4,
            ocop_year=2024,
            title="Chè Shan Tuyết Bắc Hà",
            issuer="UBND tỉnh Lào Cai",
            number="OCOP-LC-2024-052",
        ),
        dict(
            kind="vietgap",
            title="Mận tam hoa Bắc Hà",
            issuer="Trung tâm Chứng nhận Phù hợp",
            number="VietGAP-TT-22-1120",
        ),
    ],
}

PEOPLE = [
    # (phone, full name, role, where)
    ("0981000001", "Quản trị Bản Số", "admin", None),
    ("0981000002", "Lương Thị Hạnh", PlaceRole.PROVINCE_OFFICER, LAO_CAI),
    ("0981000003", "Lù Văn Dũng", PlaceRole.COMMUNE_OFFICER, "02761"),
    ("0981000004", "Vàng Seo Páo", PlaceRole.COMMUNE_OFFICER, "02839"),
    ("0981000005", "Giàng Thị Mỷ", PlaceRole.VILLAGE_TEAM_LEADER, ("02839", "Na Hối")),
    ("0981000006", "Sùng Thị Lan", "owner", "muong-hoa"),
    ("0981000007", "Đỗ Thị Liên", "owner", "hoa-dao"),
    ("0981000008", "Tẩn Văn Sử", "owner", "quyt-muong-khuong"),
    ("0981000009", "Lồ Thị Dín", "owner", "man-che-bac-ha"),
    ("0981000010", "Sần Thị Mai", "staff", "quyt-muong-khuong"),
    ("0981000011", "Hoàng Minh Châu", PlaceRole.TRANSLATOR, LAO_CAI),
    ("0981000012", "Lý Thị Sa", "translator", "muong-hoa"),
    ("0981000013", "Hoàng Thị Sinh", "owner", "nha-sinh-ta-van"),
    # Approve the loudspeakers' bulletins of Mường Khương (and its emergencies, on duty) and of
    # the province; banso.broadcast.demo makes 0981000002 and 0981000003 their editors.
    ("0981000014", "Thào Thị Chở", PlaceRole.BROADCAST_APPROVER, "02761"),
    ("0981000015", "Nguyễn Văn Hùng", PlaceRole.BROADCAST_APPROVER, LAO_CAI),
]


def _tax_code(serial: str) -> str:
    """A valid 10-digit tax code from 9 digits (53 is Lào Cai's prefix)."""
    return serial + mst.calc_check_digit(serial)


def _person(phone: str, name: str, **flags) -> User:
    from banso.accounts.phone import phone_normalize

    user = User.objects.filter(phone=phone_normalize(phone)).first()
    if user is None:
        user = user_create(phone=phone, full_name=name, password=DEMO_PASSWORD, **flags)
    return user


@transaction.atomic
def demo_seed() -> DemoReport:
    report = DemoReport()
    if not AdministrativeUnit.objects.filter(is_current=True, code=LAO_CAI).exists():
        units_load()
    communes = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            is_current=True, level="commune", parent__code=LAO_CAI
        )
    }
    admin = _person(PEOPLE[0][0], PEOPLE[0][1], is_staff=True, is_superuser=True)
    report.logins.append(DemoLogin(PEOPLE[0][0], PEOPLE[0][1], "admin"))

    villages = {}
    for code, name, kind, latitude, longitude in VILLAGES:
        village = Village.objects.filter(commune=communes[code], name=name).first()
        if village is None:
            village = village_create(
                actor=admin,
                commune=communes[code],
                name=name,
                kind=kind,
                latitude=latitude,
                longitude=longitude,
            )
        villages[(code, name)] = village

    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        tax_code = _tax_code(spec["tax_serial"])
        organisation = Organisation.objects.filter(tax_code=tax_code).first()
        if organisation is None:
            bin_, account, holder = spec["bank"] or ("", "", "")
            organisation = organisation_create(
                actor=admin,
                name=spec["name"],
                kind=spec["kind"],
                unit=communes[spec["commune"]],
                village=villages[(spec["commune"], spec["village"])],
                tax_code=tax_code,
                representative=spec["representative"],
                description=spec["description"],
                phone="0214 3871 " + spec["tax_serial"][-4:-1],
                bank_bin=bin_,
                bank_account_number=account,
                bank_account_name=holder,
            )
        organisations[spec["key"]] = organisation
        for certificate in CERTIFICATES.get(spec["key"], []):
            if not Certificate.objects.filter(
                organisation=organisation, number=certificate["number"]
            ).exists():
                certificate_add(
                    actor=admin,
                    organisation=organisation,
                    valid_from=datetime.date(2024, 3, 1),
                    valid_until=datetime.date(2027, 3, 1),
                    **certificate,
                )

    province = AdministrativeUnit.objects.get(is_current=True, level="province", code=LAO_CAI)
    for phone, name, role, where in PEOPLE[1:]:
        user = _person(phone, name)
        # Roles on places are PlaceRole members; memberships of organisations plain strings
        # ("translator" is both a place role and a membership role).
        if not isinstance(role, PlaceRole):
            membership_set(
                actor=admin, organisation=organisations[cast(str, where)], user=user, role=role
            )
        elif role in (PlaceRole.PROVINCE_OFFICER, PlaceRole.TRANSLATOR) or where == LAO_CAI:
            role_grant(user=user, role=role, unit=province, granted_by=admin)
        elif role in (PlaceRole.COMMUNE_OFFICER, PlaceRole.BROADCAST_APPROVER):
            role_grant(user=user, role=role, unit=communes[cast(str, where)], granted_by=admin)
        elif role == PlaceRole.VILLAGE_TEAM_LEADER:
            role_grant(
                user=user,
                role=role,
                village=villages[cast(tuple[str, str], where)],
                granted_by=admin,
            )
        report.logins.append(DemoLogin(phone, name, str(role)))
    report.urls += trace_demo_seed(admin=admin, organisations=organisations, communes=communes)
    report.urls += stamps_demo_seed(admin=admin)
    report.urls += market_demo_seed(admin=admin, organisations=organisations)
    report.urls += tourism_demo_seed(admin=admin, organisations=organisations)
    report.urls += households_demo_seed(admin=admin)
    # About 3,000 of the former Bắc Hà district's 9,000 poor households supported to use
    # telecom services (the article's figures).
    telecom_demo_seed(actor=admin)
    # A digital-technology team in each demo village, and a few of their visits.
    report.urls += teams_demo_seed(admin=admin, villages=list(villages.values()))
    # Loudspeaker clusters in five communes, their programmes at 6:00 and 17:00, two bulletins.
    report.urls += broadcast_demo_seed(admin=admin)
    # The province's 2023 targets, so the dashboard shows 96.7 % (125.6 % of target) and 91.8 %
    # (98.7 %) from the reviews above, and Lào Cai's published rankings (DTI, PCI).
    report.urls += indicators_demo_seed(admin=admin)
    rankings_demo_seed(admin=admin)
    glossary_demo_seed()
    return report
