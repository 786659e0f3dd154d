"""The demo's glossary: the Lào Cai names the demo data and the province's own news use.

Places and peoples keep their Vietnamese names, diacritics included, in English; Chinese
renderings are given only where a standard Chinese name exists (老街 for Lào Cai, 苗族 for the
H'Mông), otherwise the name itself is expected there too. Products are described in English
around their names ("Tam Hoa plum", "Shan Tuyết tea"), so the name stays visible.
"""

from django.db import transaction

from banso.lingo.glossary import glossary_changed, glossary_term_folded
from banso.lingo.models import GlossaryKind, GlossaryTerm

PLACE, PEOPLE, FESTIVAL = GlossaryKind.PLACE, GlossaryKind.ETHNIC_GROUP, GlossaryKind.FESTIVAL
PRODUCT, TERM = GlossaryKind.PRODUCT, GlossaryKind.TERM

# (term, kind, do not translate, {language: rendering}, note)
DEMO_TERMS: list[tuple[str, str, bool, dict[str, str], str]] = [
    ("Lào Cai", PLACE, True, {"zh-hans": "老街"}, "Tỉnh và thành phố Lào Cai."),
    ("Sa Pa", PLACE, True, {"zh-hans": "沙坝"}, "Viết tách hai chữ, không viết “Sapa”."),
    ("Bắc Hà", PLACE, True, {"zh-hans": "北河"}, ""),
    ("Mường Khương", PLACE, True, {}, ""),
    ("Bát Xát", PLACE, True, {}, ""),
    ("Si Ma Cai", PLACE, True, {}, ""),
    ("Y Tý", PLACE, True, {}, ""),
    ("Bản Phố", PLACE, True, {}, ""),
    ("Fansipan", PLACE, True, {"zh-hans": "番西邦峰"}, "Đỉnh núi cao nhất Đông Dương."),
    ("Hoàng Liên Sơn", PLACE, True, {"zh-hans": "黄连山"}, "Dãy núi."),
    ("Mường Hoa", PLACE, True, {}, "Thung lũng ở Sa Pa."),
    ("Tả Van", PLACE, True, {}, ""),
    ("Cát Cát", PLACE, True, {}, ""),
    ("Lao Chải", PLACE, True, {}, ""),
    ("Na Hối", PLACE, True, {}, ""),
    ("Mã Tuyển", PLACE, True, {}, ""),
    ("H'Mông", PEOPLE, True, {"zh-hans": "苗族"}, "Dân tộc H'Mông."),
    # Short names with "người": folded, a bare "Tày" is also "tây" (west), "Dao" "đào"
    # (peach) and "Giáy" "giấy" (paper), and every text with those words would wait for a
    # translator.
    ("người Dao", PEOPLE, True, {"en": "Dao", "zh-hans": "瑶族"}, "Dân tộc Dao."),
    ("người Tày", PEOPLE, True, {"en": "Tày", "zh-hans": "岱依族"}, "Dân tộc Tày."),
    ("người Nùng", PEOPLE, True, {"en": "Nùng", "zh-hans": "侬族"}, "Dân tộc Nùng."),
    ("người Giáy", PEOPLE, True, {"en": "Giáy", "zh-hans": "热依族"}, "Dân tộc Giáy."),
    ("Hà Nhì", PEOPLE, True, {"zh-hans": "哈尼族"}, "Dân tộc Hà Nhì."),
    ("Phù Lá", PEOPLE, True, {}, "Dân tộc Phù Lá."),
    ("Gầu Tào", FESTIVAL, True, {}, "Lễ hội mùa xuân của người H'Mông."),
    ("Roóng Poọc", FESTIVAL, True, {}, "Lễ hội xuống đồng của người Giáy."),
    ("Tết Nhảy", FESTIVAL, True, {}, "Lễ cấp sắc và múa của người Dao."),
    # Tourism words: a market day, the terraces and a homestay have settled renderings.
    ("chợ phiên", TERM, False, {"en": "market", "zh-hans": "集市"}, "Chợ họp theo ngày."),
    ("ruộng bậc thang", TERM, False, {"en": "rice terraces", "zh-hans": "梯田"}, ""),
    ("homestay", TERM, False, {"en": "homestay", "zh-hans": "民宿"}, "Nhà nghỉ trong nhà dân."),
    ("Mận tam hoa", PRODUCT, False, {"en": "Tam Hoa plum"}, "Đặc sản Bắc Hà."),
    ("Chè Shan Tuyết", PRODUCT, False, {"en": "Shan Tuyết tea"}, "Chè cổ thụ vùng cao."),
    ("Quýt Mường Khương", PRODUCT, False, {"en": "Mường Khương tangerine"}, ""),
    ("Thổ cẩm", PRODUCT, False, {"en": "brocade", "zh-hans": "织锦"}, "Vải dệt thủ công."),
    ("OCOP", TERM, True, {}, "Chương trình Mỗi xã một sản phẩm."),
    ("VietGAP", TERM, True, {}, "Tiêu chuẩn thực hành nông nghiệp tốt của Việt Nam."),
    ("HTX", TERM, False, {"en": "co-operative", "zh-hans": "合作社"}, "Hợp tác xã."),
]


@transaction.atomic
def glossary_demo_seed() -> int:
    """Write the demo's terms (again): each is found by its folded spelling, so seeding twice
    changes nothing, and an officer's own terms stay. Returns how many terms it holds."""
    for term, kind, do_not_translate, renderings, note in DEMO_TERMS:
        GlossaryTerm.objects.update_or_create(
            term_folded=glossary_term_folded(term),
            defaults={
                "term": term,
                "kind": kind,
                "do_not_translate": do_not_translate,
                "renderings": renderings,
                "note": note,
            },
        )
    glossary_changed()
    return len(DEMO_TERMS)
