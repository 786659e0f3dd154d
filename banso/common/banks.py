"""Banks of the NAPAS network with their 6-digit BIN, as VietQR payloads name them.

The BIN (bank identification number) is what a VietQR code carries in field 38; the short
name is what people know the bank by.
"""

BANKS: list[tuple[str, str, str]] = [
    # (BIN, short name, full name)
    ("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    ("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    ("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    ("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    ("970422", "MBBank", "Ngân hàng TMCP Quân đội"),
    ("970416", "ACB", "Ngân hàng TMCP Á Châu"),
    ("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    ("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    ("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    ("970437", "HDBank", "Ngân hàng TMCP Phát triển TP. Hồ Chí Minh"),
    ("970443", "SHB", "Ngân hàng TMCP Sài Gòn – Hà Nội"),
    ("970441", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    ("970426", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
    ("970448", "OCB", "Ngân hàng TMCP Phương Đông"),
    ("970440", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    ("970449", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"),
    ("970431", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    ("970429", "SCB", "Ngân hàng TMCP Sài Gòn"),
    ("970428", "Nam A Bank", "Ngân hàng TMCP Nam Á"),
    ("970409", "BacABank", "Ngân hàng TMCP Bắc Á"),
    ("970425", "ABBANK", "Ngân hàng TMCP An Bình"),
    ("970412", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"),
    ("970452", "KienLongBank", "Ngân hàng TMCP Kiên Long"),
    ("970427", "VietABank", "Ngân hàng TMCP Việt Á"),
    ("970438", "BaoVietBank", "Ngân hàng TMCP Bảo Việt"),
    ("970400", "SaigonBank", "Ngân hàng TMCP Sài Gòn Công Thương"),
    ("970430", "PGBank", "Ngân hàng TMCP Thịnh vượng và Phát triển"),
    ("970419", "NCB", "Ngân hàng TMCP Quốc Dân"),
    ("970406", "DongA Bank", "Ngân hàng TMCP Đông Á"),
    ("970408", "GPBank", "Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu"),
    ("970414", "OceanBank", "Ngân hàng Thương mại TNHH MTV Đại Dương"),
    ("970433", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"),
    ("970454", "BVBank", "Ngân hàng TMCP Bản Việt"),
    ("970444", "CBBank", "Ngân hàng Thương mại TNHH MTV Xây dựng Việt Nam"),
    ("970446", "Co-opBank", "Ngân hàng Hợp tác xã Việt Nam"),
    ("970424", "ShinhanBank", "Ngân hàng TNHH MTV Shinhan Việt Nam"),
    ("970457", "Woori", "Ngân hàng TNHH MTV Woori Việt Nam"),
    ("970458", "UOB", "Ngân hàng United Overseas – Chi nhánh Việt Nam"),
    ("970439", "PublicBank", "Ngân hàng TNHH MTV Public Việt Nam"),
    ("970442", "HongLeong", "Ngân hàng TNHH MTV Hong Leong Việt Nam"),
    ("970410", "StandardChartered", "Ngân hàng TNHH MTV Standard Chartered Việt Nam"),
    ("970434", "IndovinaBank", "Ngân hàng TNHH Indovina"),
    ("970421", "VRB", "Ngân hàng Liên doanh Việt – Nga"),
    ("970455", "IBK", "Ngân hàng Công nghiệp Hàn Quốc – Chi nhánh Hà Nội"),
    ("970456", "IBKHCM", "Ngân hàng Công nghiệp Hàn Quốc – Chi nhánh TP. Hồ Chí Minh"),
    ("970462", "KookminHN", "Ngân hàng Kookmin – Chi nhánh Hà Nội"),
    ("970463", "KookminHCM", "Ngân hàng Kookmin – Chi nhánh TP. Hồ Chí Minh"),
    ("422589", "CIMB", "Ngân hàng TNHH MTV CIMB Việt Nam"),
    ("970466", "KEBHanaHCM", "Ngân hàng KEB Hana – Chi nhánh TP. Hồ Chí Minh"),
    ("970467", "KEBHanaHN", "Ngân hàng KEB Hana – Chi nhánh Hà Nội"),
]

BANK_CHOICES = [(bin_, f"{short} – {full}") for bin_, short, full in BANKS]
BANK_SHORT_NAMES = {bin_: short for bin_, short, _ in BANKS}
