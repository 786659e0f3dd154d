"""The tables speech normalisation reads: abbreviations of commune bulletins, units, letters.

These are maintained by hand: add the abbreviation a bulletin used and the engine spelled out,
with its expansion as an announcer says it. Keys are matched as whole words and are case
sensitive ("TP." with its full stop; "CN" is not here: Chủ nhật, công nghiệp and cá nhân all
write it). An upper-case word that is in no table and is not a Vietnamese syllable is spelled
with :data:`LETTER_NAMES`, so a new abbreviation is at worst spelled, never read as English.
"""

# Whole words of running text. Longer keys are matched first ("PCTT&TKCN" before "PCTT").
ABBREVIATIONS: dict[str, str] = {
    # Government, Party and mass organisations
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "ĐCSVN": "Đảng Cộng sản Việt Nam",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa",
    "ĐBQH": "đại biểu Quốc hội",
    "BTV": "Ban Thường vụ",
    "BTC": "Ban Tổ chức",
    "BQL": "Ban Quản lý",
    "HTX": "hợp tác xã",
    "LHPN": "Liên hiệp Phụ nữ",
    "CCB": "Cựu chiến binh",
    "TNCS": "Thanh niên Cộng sản",
    "HCM": "Hồ Chí Minh",
    "CAND": "Công an nhân dân",
    "QĐND": "Quân đội nhân dân",
    "CSGT": "Cảnh sát giao thông",
    "CSCĐ": "Cảnh sát cơ động",
    "QS": "quân sự",
    "TW": "Trung ương",
    "T.Ư": "Trung ương",
    "VN": "Việt Nam",
    "Đ/c": "đồng chí",
    "đ/c": "đồng chí",
    # Places
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    "Tp": "thành phố",
    "TX.": "thị xã",
    "TX": "thị xã",
    "TT.": "thị trấn",
    "QL": "quốc lộ",
    "TL": "tỉnh lộ",
    # Departments
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "TN&MT": "Tài nguyên và Môi trường",
    "LĐ-TB&XH": "Lao động, Thương binh và Xã hội",
    "LĐTB&XH": "Lao động, Thương binh và Xã hội",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "VH-TT": "Văn hóa, Thông tin",
    "TTYT": "Trung tâm Y tế",
    "TYT": "Trạm Y tế",
    # Safety, disasters
    "PCTT&TKCN": "phòng chống thiên tai và tìm kiếm cứu nạn",
    "PCCC&CNCH": "phòng cháy chữa cháy và cứu nạn cứu hộ",
    "PCCC": "phòng cháy chữa cháy",
    "PCCCR": "phòng cháy chữa cháy rừng",
    "PCTT": "phòng chống thiên tai",
    "TKCN": "tìm kiếm cứu nạn",
    "CNCH": "cứu nạn cứu hộ",
    "ATGT": "an toàn giao thông",
    "TNGT": "tai nạn giao thông",
    "ANTT": "an ninh trật tự",
    "ATTP": "an toàn thực phẩm",
    "ATVSTP": "an toàn vệ sinh thực phẩm",
    "BĐKH": "biến đổi khí hậu",
    # Schools, health, social insurance, identity
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "PTDTBT": "phổ thông dân tộc bán trú",
    "PTDTNT": "phổ thông dân tộc nội trú",
    "GV": "giáo viên",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "BHTN": "bảo hiểm thất nghiệp",
    "KCB": "khám chữa bệnh",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "VNeID": "vê en e ai đi",
    "SĐT": "số điện thoại",
    # Programmes
    "NTM": "nông thôn mới",
    "KT-XH": "kinh tế xã hội",
    "SXKD": "sản xuất kinh doanh",
    "GPMB": "giải phóng mặt bằng",
    "DTTS": "dân tộc thiểu số",
    "ĐBKK": "đặc biệt khó khăn",
    "CNTT": "công nghệ thông tin",
    "CĐS": "chuyển đổi số",
    "3G": "ba giê",
    "4G": "bốn giê",
    "5G": "năm giê",
    "Covid-19": "Cô vít mười chín",
    "COVID-19": "Cô vít mười chín",
    "v.v.": "vân vân",
    "v.v": "vân vân",
    "USD": "đô la Mỹ",
    "VNĐ": "đồng",
    "VND": "đồng",
}

# Set phrases whose digits no rule reads right, replaced before any other rule runs.
PHRASES: dict[str, str] = {
    "24/24h": "hai mươi tư trên hai mươi tư giờ",
    "24/24": "hai mươi tư trên hai mươi tư",
    "24/7": "hai mươi tư trên bảy",
    "độ C": "độ xê",
}

# A "BCH" before one of these is the executive committee (Ban chấp hành) of the organisation;
# elsewhere, in a commune's bulletins, it is the military command (Ban chỉ huy quân sự).
BCH_EXECUTIVE_BEFORE = ("Đoàn", "Hội", "Đảng", "Công đoàn", "Chi bộ", "Chi đoàn", "Chi hội")

# The parts of a document's number after its slash ("số 125/QĐ-UBND", "07/2021/NĐ-CP"), where
# short codes mean the kind of document and its issuer.
DOCUMENT_CODES: dict[str, str] = {
    "QĐ": "quyết định",
    "NĐ": "nghị định",
    "NQ": "nghị quyết",
    "TT": "thông tư",
    "CT": "chỉ thị",
    "KH": "kế hoạch",
    "TB": "thông báo",
    "CV": "công văn",
    "BC": "báo cáo",
    "TTr": "tờ trình",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng",
    "QH": "Quốc hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BYT": "Bộ Y tế",
    "BTC": "Bộ Tài chính",
}

# Units, read only right after a number ("5 km", "50mm", "27°C"). Longer keys first.
UNITS: dict[str, str] = {
    "km/h": "ki lô mét một giờ",
    "km²": "ki lô mét vuông",
    "km2": "ki lô mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "km": "ki lô mét",
    "cm": "xăng ti mét",
    "mm": "mi li mét",
    "m": "mét",
    "kg": "ki lô gam",
    "mg": "mi li gam",
    "g": "gam",
    "ha": "héc ta",
    "ml": "mi li lít",
    "l": "lít",
    "°C": "độ xê",
    "ºC": "độ xê",
    "°": "độ",
    "kWh": "ki lô oát giờ",
    "kW": "ki lô oát",
    "MW": "mê ga oát",
    "Mbps": "mê ga bít một giây",
    "GB": "gi ga bai",
    "MB": "mê ga bai",
}

# Currencies after an amount; each is read "đồng".
CURRENCIES = ("đồng", "VNĐ", "VND", "vnđ", "vnd", "đ")

# The letters of an abbreviation nobody wrote in the tables, as Vietnamese spell them aloud
# ("CLB" xê lờ bê, "SMS" ét mờ ét).
LETTER_NAMES: dict[str, str] = {
    "A": "a",
    "Ă": "á",
    "Â": "ớ",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "Đ": "đê",
    "E": "e",
    "Ê": "ê",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "lờ",
    "M": "mờ",
    "N": "nờ",
    "O": "o",
    "Ô": "ô",
    "Ơ": "ơ",
    "P": "pê",
    "Q": "quy",
    "R": "rờ",
    "S": "ét",
    "T": "tê",
    "U": "u",
    "Ư": "ư",
    "V": "vê",
    "W": "vê kép",
    "X": "ích",
    "Y": "i",
    "Z": "dét",
}
