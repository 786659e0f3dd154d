"""Lào Cai's published rankings, as demo data: the figures as the publishers announced them,
each with its source. Seeding twice changes nothing (``ranking_edition_record`` corrects an
edition in place).

Which province each edition ranked: the PCI editions 2022–2024 ranked the 63 provinces before
the merger of 1 July 2025, so they are the former Lào Cai's (code 10); the DTI 2024, announced
on 21 October 2025, ranked the 34 provinces after it, computing a merged province's index as the
mean of its former provinces' main indices — it is today's Lào Cai's (code 15, with the former
Yên Bái). The DTI's pillar scores for Lào Cai were not published in the sources read, so none is
recorded.
"""

from decimal import Decimal

from banso.indicators.ranking_indexes import RankingIndex
from banso.indicators.rankings import ranking_edition_record
from banso.places.models import AdministrativeUnit, UnitLevel

LAO_CAI = "15"  # today's Lào Cai (with the former Yên Bái)
FORMER_LAO_CAI = "10"  # Lào Cai before 1 July 2025

DTI_2024_SOURCE = (
    "Bộ Khoa học và Công nghệ, kết quả DTI 2024 công bố ngày 21/10/2025 (xếp hạng 34 tỉnh, "
    "thành phố sau sắp xếp, theo trung bình cộng các chỉ số chính của các tỉnh trước sắp xếp). "
    "Sở Ngoại vụ Lào Cai, “Lào Cai đứng thứ 14 toàn quốc về Chỉ số Chuyển đổi số năm 2024”, "
    "https://doingoailaocai.vn/vi/bai-viet/24284 ; Dân trí, 21/10/2025, "
    "https://dantri.com.vn/khoa-hoc/ha-noi-dan-dau-ca-nuoc-ve-chi-so-chuyen-doi-so-"
    "20251021181803153.htm"
)
PCI_2022_SOURCE = (
    "VCCI, PCI 2022 công bố ngày 11/4/2023. Báo Lào Cai, “Công bố Chỉ số năng lực cạnh tranh "
    "cấp tỉnh PCI năm 2022, Lào Cai tăng 14 bậc”, https://baolaocai.vn/cong-bo-chi-so-nang-luc-"
    "canh-tranh-cap-tinh-pci-nam-2022-lao-cai-tang-14-bac-post367136.html"
)
PCI_2023_2024_SOURCE = (
    "VCCI, PCI 2024 (và PCI 2023). Nhân Dân, “Lào Cai xếp thứ 23/63 tỉnh về chỉ số năng lực "
    "cạnh tranh cấp tỉnh”, https://nhandan.vn/lao-cai-xep-thu-2363-tinh-ve-chi-so-nang-luc-"
    "canh-tranh-cap-tinh-post877917.html"
)

# (index, edition, province code, score, rank, out of, source)
EDITIONS = (
    (RankingIndex.PCI, 2022, FORMER_LAO_CAI, "68.20", 11, 63, PCI_2022_SOURCE),
    (RankingIndex.PCI, 2023, FORMER_LAO_CAI, "67.38", 26, 63, PCI_2023_2024_SOURCE),
    (RankingIndex.PCI, 2024, FORMER_LAO_CAI, "68.56", 23, 63, PCI_2023_2024_SOURCE),
    (RankingIndex.DTI, 2024, LAO_CAI, "0.7167", 14, 34, DTI_2024_SOURCE),
)


def _province(code: str, *, is_current: bool) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        level=UnitLevel.PROVINCE, code=code, is_current=is_current
    )


def rankings_demo_seed(*, admin) -> list[str]:
    """Record Lào Cai's published editions as ``admin`` (a superuser). Returns what it did,
    one line per edition, for the demo's report."""
    lines = []
    for index, edition, code, score, rank, out_of, source in EDITIONS:
        unit = _province(code, is_current=code == LAO_CAI)
        ranking_edition_record(
            actor=admin,
            index=index,
            edition=edition,
            unit=unit,
            score=Decimal(score),
            rank=rank,
            out_of=out_of,
            source=source,
        )
        lines.append(f"{index.label} {edition}: {unit.name} {rank}/{out_of}")
    return lines
