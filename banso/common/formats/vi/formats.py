"""Vietnamese: day/month/year with slashes, as on Vietnamese papers (Django's ``d-m-Y`` is not),
and the long date with a small "ngày" (Django's capital "Ngày" reads wrong in the middle of a
sentence: "Hôm nay, ngày 7 tháng 12 năm 2026", "từ ngày 27 … đến ngày 29 …")."""

DATE_FORMAT = r"\n\gà\y j \t\há\n\g n \nă\m Y"
DATETIME_FORMAT = r"H:i, \n\gà\y j \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# ISO first: it is what <input type="date"> and "datetime-local" send and are given.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
# A month of a year as officers write it in reports ("tháng 3/2026"), not Django's "Tháng ba 2026".
YEAR_MONTH_FORMAT = r"\t\há\n\g n/Y"
