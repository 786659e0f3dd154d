"""Tourism demo data: the places of Lào Cai a visitor asks for (Cát Cát, the Tả Van terraces,
Bắc Hà's Sunday market and Hoàng A Tưởng's palace, Y Tý's clouds, Mường Khương's market, the
border gate, the Lao Chải – Tả Van trek), homestays of the demo co-operatives and of three
households, four tours with departures over the next eight weeks, the festivals and market days
as rules, and a handful of bookings in every state, so the public pages, the host's back office
and the dashboards have something to show.

Everything goes through the services, as an officer or a host would, except what no service
writes yet: a booking that already happened (the booking services take dates from today on) and
its guest's review (``GuestReview``).

Every step looks its rows up first (places, stays, tours and festivals by their short address,
room types by name, departures by their start), so seeding twice adds nothing. Each part runs
in its own transaction.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from banso.accounts.models import PlaceRole, RoleGrant
from banso.common.codes import code_new
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, Village
from banso.tourism.models import (
    Amenity,
    Booking,
    BookingKind,
    BookingStatus,
    Branch,
    CancellationPolicy,
    CancelledBy,
    Festival,
    FestivalRule,
    GuestReview,
    ListingStatus,
    Lodging,
    LodgingKind,
    PaymentChoice,
    Place,
    PlaceKind,
    RateRuleKind,
    RoadAccess,
    RoomType,
    Tour,
    TourDeparture,
    TourKind,
)
from banso.tourism.pricing import stay_dates, stay_quote
from banso.tourism.services.bookings import (
    BOOKING_CODE_PREFIX,
    Guest,
    booking_cancel,
    booking_check_in,
    booking_confirm,
    stay_book,
    tour_book,
)
from banso.tourism.services.festivals import festival_create
from banso.tourism.services.host import rate_rule_add
from banso.tourism.services.inventory import nights_close, nights_take
from banso.tourism.services.listings import (
    departure_create,
    lodging_create,
    lodging_review,
    room_type_create,
    tour_create,
    tour_review,
)
from banso.tourism.services.places import place_create, place_publish

# Current communes and wards (after the reform of 1 July 2025), by code.
SA_PA, TA_VAN, TA_PHIN = "03006", "03037", "03013"
BAC_HA, Y_TY, MUONG_KHUONG, LAO_CAI_WARD = "02839", "02701", "02761", "02647"

T = datetime.time
WEEKEND = [5, 6]
EVERY_DAY: list[int] = []

# slug: place_create's arguments (the village by name, in the place's commune)
PLACES: dict[str, dict[str, Any]] = {
    "ban-cat-cat": dict(
        name="Bản Cát Cát",
        kind=PlaceKind.VILLAGE,
        unit=SA_PA,
        village="Cát Cát",
        latitude=22.3296,
        longitude=103.8327,
        story="Bản của người H'Mông nằm dưới chân dãy Hoàng Liên, cách trung tâm Sa Pa chừng "
        "hai cây số, nơi suối Tiên đổ xuống thác Cát Cát. Dọc đường xuống bản có nhà dệt "
        "thổ cẩm, nhuộm chàm và rèn dao; từ đây nhìn lên là đỉnh Fansipan, nóc nhà Đông Dương, "
        "mà cáp treo đưa khách lên từ thung lũng Mường Hoa.",
        how_to_get_there="Từ quảng trường Sa Pa đi bộ xuống dốc khoảng 30 phút, hoặc đi xe máy, "
        "taxi tới cổng bản. Đường về là dốc ngược: có xe ôm ở cầu treo.",
        accessibility="Đường trong bản là bậc đá dốc và trơn khi mưa; xe lăn, xe đẩy chỉ đi được "
        "đoạn đầu từ cổng bản.",
        open_days=EVERY_DAY,
        opens_at=T(6),
        closes_at=T(18),
        fee_adult_vnd=150_000,
        fee_child_vnd=70_000,
        best_months=[3, 4, 9, 10],
        road_access=RoadAccess.CAR,
    ),
    "ruong-bac-thang-ta-van": dict(
        name="Ruộng bậc thang Tả Van",
        kind=PlaceKind.VIEWPOINT,
        unit=TA_VAN,
        village="Tả Van Giáy",
        latitude=22.3040,
        longitude=103.8846,
        story="Những thửa ruộng bậc thang của người Giáy và người H'Mông trải theo sườn thung "
        "lũng Mường Hoa, hai bên dòng suối cùng tên. Tháng Năm ruộng đổ nước lấp lánh, tháng "
        "Chín lúa chín vàng từ chân đồi lên tới lưng núi.",
        how_to_get_there="Cách Sa Pa khoảng 10 km theo đường tỉnh 152 xuống thung lũng Mường "
        "Hoa; xe ô tô vào được tới trung tâm Tả Van.",
        accessibility="Các điểm ngắm bên đường ô tô không có bậc; bờ ruộng hẹp và trơn.",
        best_months=[5, 9],
        road_access=RoadAccess.CAR,
    ),
    "cho-phien-bac-ha": dict(
        name="Chợ phiên Bắc Hà",
        kind=PlaceKind.MARKET,
        unit=BAC_HA,
        latitude=22.5400,
        longitude=104.2905,
        story="Chợ phiên lớn nhất vùng cao Lào Cai, họp mỗi sáng Chủ nhật ở trung tâm xã Bắc Hà. "
        "Người H'Mông Hoa, Tày, Nùng, Dao, Phù Lá từ các thôn bản xuống chợ mua bán ngựa, trâu, "
        "thổ cẩm, rượu ngô Bản Phố và mận tam hoa vào mùa.",
        how_to_get_there="Từ phường Lào Cai đi xe khách hoặc ô tô khoảng 70 km, chừng hai giờ "
        "theo quốc lộ 4E và quốc lộ 4.",
        accessibility="Chợ trên nền bằng, lối đi giữa các sạp hẹp và đông vào giữa buổi sáng.",
        open_days=[6],
        opens_at=T(6),
        closes_at=T(14),
        best_months=[2, 5, 6, 9, 10],
        road_access=RoadAccess.CAR,
    ),
    "dinh-hoang-a-tuong": dict(
        name="Dinh Hoàng A Tưởng",
        kind=PlaceKind.HERITAGE,
        unit=BAC_HA,
        latitude=22.5388,
        longitude=104.2888,
        story="Dinh thự hai tầng của thổ ty Hoàng A Tưởng, xây xong năm 1921, pha trộn kiến trúc "
        "Pháp với mái ngói và hoa văn Trung Hoa. Nay là di tích cấp quốc gia, trưng bày đồ "
        "dùng, trang phục của các dân tộc Bắc Hà.",
        how_to_get_there="Ngay cạnh chợ phiên Bắc Hà, đi bộ vài phút.",
        accessibility="Cổng có bậc thềm cao; tầng hai chỉ lên bằng cầu thang.",
        open_days=EVERY_DAY,
        opens_at=T(7, 30),
        closes_at=T(17),
        fee_adult_vnd=20_000,
        fee_child_vnd=10_000,
        best_months=[2, 3, 9, 10],
        road_access=RoadAccess.CAR,
    ),
    "y-ty-san-may": dict(
        name="Ruộng bậc thang và đỉnh săn mây Y Tý",
        kind=PlaceKind.VIEWPOINT,
        unit=Y_TY,
        village="Choản Thèn",
        latitude=22.6540,
        longitude=103.6050,
        story="Y Tý nằm ở độ cao trên 2.000 mét, sát biên giới, quê của người Hà Nhì với những "
        "ngôi nhà trình tường mái cỏ như cây nấm. Sáng sớm từ các đỉnh đồi quanh bản, biển mây "
        "phủ kín thung lũng; tháng Chín ruộng bậc thang chín vàng.",
        how_to_get_there="Từ phường Lào Cai khoảng 90 km qua xã Bát Xát và A Mú Sung, đường "
        "đèo quanh co, chừng ba giờ ô tô.",
        accessibility="Các điểm săn mây phải leo đồi theo đường đất; chỉ đi bộ.",
        best_months=[9, 10, 11, 12, 1, 2, 3],
        road_access=RoadAccess.CAR,
    ),
    "cho-phien-muong-khuong": dict(
        name="Chợ phiên Mường Khương",
        kind=PlaceKind.MARKET,
        unit=MUONG_KHUONG,
        latitude=22.7745,
        longitude=104.1170,
        story="Chợ Chủ nhật của người Nùng, H'Mông, Pa Dí, Bố Y ở Mường Khương: tương ớt, quýt "
        "ngọt trồng trên núi đá, chè, rượu và những tấm vải chàm. Người Nùng đội khăn chàm, "
        "người Pa Dí đội mũ hình mái nhà xuống chợ từ sáng sớm.",
        how_to_get_there="Cách phường Lào Cai khoảng 50 km theo quốc lộ 4D.",
        accessibility="Chợ trên nền bằng; có chỗ đỗ xe ở đầu chợ.",
        open_days=[6],
        opens_at=T(6),
        closes_at=T(13),
        best_months=[1, 2, 10, 11, 12],
        road_access=RoadAccess.CAR,
    ),
    "cua-khau-lao-cai-ha-khau": dict(
        name="Cửa khẩu quốc tế Lào Cai – Hà Khẩu",
        kind=PlaceKind.ATTRACTION,
        unit=LAO_CAI_WARD,
        latitude=22.5050,
        longitude=103.9650,
        story="Nơi sông Nậm Thi đổ vào sông Hồng và cầu Hồ Kiều nối Lào Cai với thị trấn Hà "
        "Khẩu của Vân Nam, Trung Quốc. Khách ngắm hai bờ từ đền Thượng và công viên bên sông; "
        "qua cửa khẩu phải có hộ chiếu hoặc giấy thông hành.",
        how_to_get_there="Từ ga Lào Cai khoảng 2 km, đi taxi hoặc xe buýt nội thành.",
        accessibility="Quảng trường và lối vào nhà kiểm soát bằng phẳng, có dốc cho xe lăn.",
        open_days=EVERY_DAY,
        opens_at=T(7),
        closes_at=T(22),
        best_months=[3, 4, 10, 11],
        road_access=RoadAccess.CAR,
    ),
    "trekking-lao-chai-ta-van": dict(
        name="Cung đường trekking Lao Chải – Tả Van",
        kind=PlaceKind.TREK,
        unit=TA_VAN,
        village="Lao Chải",
        latitude=22.3109,
        longitude=103.8640,
        story="Đường mòn khoảng 12 km từ bản Lao Chải của người H'Mông xuống Tả Van của người "
        "Giáy, men theo bờ ruộng, qua rừng trúc và cầu treo trên suối Mường Hoa. Dọc đường có "
        "bãi đá cổ chạm khắc và nhà dân nấu cơm cho khách nghỉ trưa.",
        how_to_get_there="Điểm đầu ở Lao Chải, cách Sa Pa 7 km; điểm cuối ở Tả Van có xe về Sa Pa.",
        accessibility="Đường đất, dốc và lầy sau mưa; cần giày leo núi.",
        fee_adult_vnd=75_000,
        fee_child_vnd=0,
        best_months=[3, 4, 5, 9, 10, 11],
        road_access=RoadAccess.FOOT,
    ),
}

# organisation key: the stay (lodging_create's arguments) and its room types
LODGINGS: dict[str, dict[str, Any]] = {
    "nha-sinh-ta-van": dict(
        slug="nha-sinh-ta-van",
        name="Homestay Nhà Sinh Tả Van",
        kind=LodgingKind.HOMESTAY,
        latitude=22.3045,
        longitude=103.8862,
        phone="0981000013",
        story="Nhà sàn gỗ của gia đình người Giáy ngay giữa bản Tả Van, nhìn ra ruộng bậc thang "
        "Mường Hoa. Bữa tối cả nhà cùng ăn, có gà đồi, cải mèo và rượu ngô; sáng ra đi bộ vài "
        "bước là tới đường trekking.",
        house_rules="Cởi giày trước khi lên nhà sàn. Giữ yên lặng sau 22 giờ. Không hút thuốc "
        "trong nhà.",
        street_address="Thôn Tả Van Giáy",
        check_in_from=T(13),
        check_out_until=T(11),
        cancellation_policy=CancellationPolicy.FLEXIBLE,
        accepts_vietqr=True,
        deposit_percent=30,
        rooms=[
            dict(
                name="Giường đệm gác tập thể",
                description="Một chỗ ngủ trên gác, đệm, chăn ấm và màn; nhà tắm chung.",
                quantity=4,
                max_guests=1,
                floor_mattresses=1,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.SHARED_BATHROOM,
                    Amenity.MOSQUITO_NET,
                    Amenity.HEATING,
                ],
                rate_vnd=150_000,
                weekend_rate_vnd=180_000,
            ),
            dict(
                name="Phòng đôi nhìn ra ruộng",
                description="Giường đôi, cửa sổ nhìn ra ruộng bậc thang, nhà tắm riêng.",
                quantity=2,
                max_guests=2,
                double_beds=1,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.PRIVATE_BATHROOM,
                    Amenity.HEATING,
                    Amenity.BREAKFAST,
                    Amenity.MOUNTAIN_VIEW,
                ],
                rate_vnd=450_000,
                weekend_rate_vnd=550_000,
            ),
            dict(
                name="Phòng gia đình",
                description="Một giường đôi và hai giường đơn, nhà tắm riêng.",
                quantity=1,
                max_guests=4,
                double_beds=1,
                single_beds=2,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.PRIVATE_BATHROOM,
                    Amenity.HEATING,
                    Amenity.FAMILY_DINNER,
                    Amenity.PICKUP,
                ],
                rate_vnd=750_000,
                weekend_rate_vnd=900_000,
            ),
        ],
    ),
    "muong-hoa": dict(
        slug="homestay-cong-dong-muong-hoa",
        name="Homestay cộng đồng Mường Hoa",
        kind=LodgingKind.HOMESTAY,
        latitude=22.3118,
        longitude=103.8625,
        phone="0214 3871 120",
        story="Các hộ H'Mông của Hợp tác xã Mường Hoa ở Lao Chải cùng đón khách: ngủ nhà gỗ, "
        "học dệt lanh, vẽ sáp ong và nhuộm chàm với chị em trong hợp tác xã.",
        house_rules="Hỏi trước khi chụp ảnh người trong bản. Không mua hàng của trẻ em bán rong. "
        "Giữ yên lặng sau 22 giờ.",
        check_in_from=T(14),
        check_out_until=T(11),
        cancellation_policy=CancellationPolicy.MODERATE,
        accepts_vietqr=True,
        deposit_percent=50,
        rooms=[
            dict(
                name="Phòng đôi nhà gỗ",
                description="Giường đôi, chăn bông, nhà tắm chung có nước nóng.",
                quantity=3,
                max_guests=2,
                double_beds=1,
                amenities=[
                    Amenity.HOT_WATER,
                    Amenity.SHARED_BATHROOM,
                    Amenity.FIREPLACE,
                    Amenity.FAMILY_DINNER,
                    Amenity.HERBAL_BATH,
                ],
                rate_vnd=350_000,
                weekend_rate_vnd=420_000,
                tet=dict(
                    name="Tết Nguyên đán",
                    rate_vnd=600_000,
                    days_before=2,
                    days_after=5,
                    min_nights=2,
                ),
            ),
            dict(
                name="Gác tập thể",
                description="Gác gỗ với sáu đệm trải sàn cho một nhóm; nhà tắm chung.",
                quantity=1,
                max_guests=6,
                floor_mattresses=6,
                amenities=[
                    Amenity.HOT_WATER,
                    Amenity.SHARED_BATHROOM,
                    Amenity.MOSQUITO_NET,
                    Amenity.FIREPLACE,
                ],
                rate_vnd=720_000,
            ),
        ],
    ),
    "man-che-bac-ha": dict(
        slug="nha-che-na-hoi",
        name="Nhà chè Na Hối",
        kind=LodgingKind.FARMSTAY,
        latitude=22.5380,
        longitude=104.2815,
        phone="0214 3871 450",
        story="Ngủ lại giữa đồi chè shan tuyết và vườn mận tam hoa của hợp tác xã ở thôn Na Hối: "
        "buổi sáng hái chè, sao chè trên chảo gang cùng các hộ, tối uống chè bên bếp củi. Người "
        "mua đã quét tem chè của hợp tác xã sẽ gặp đúng những đồi chè ấy.",
        house_rules="Đi theo lối mòn giữa các hàng chè. Bếp sao chè chỉ dùng khi có người của "
        "hợp tác xã.",
        check_in_from=T(14),
        check_out_until=T(12),
        cancellation_policy=CancellationPolicy.MODERATE,
        accepts_vietqr=True,
        deposit_percent=30,
        rooms=[
            dict(
                name="Phòng đôi bên đồi chè",
                description="Giường đôi, nhà tắm riêng, hiên nhìn ra đồi chè.",
                quantity=2,
                max_guests=2,
                double_beds=1,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.PRIVATE_BATHROOM,
                    Amenity.BREAKFAST,
                    Amenity.PARKING,
                    Amenity.MOUNTAIN_VIEW,
                ],
                rate_vnd=400_000,
                weekend_rate_vnd=500_000,
            ),
            dict(
                name="Phòng gia đình",
                description="Hai giường đôi, nhà tắm riêng; ở tối thiểu hai đêm.",
                quantity=1,
                max_guests=4,
                double_beds=2,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.PRIVATE_BATHROOM,
                    Amenity.BREAKFAST,
                    Amenity.FAMILY_DINNER,
                    Amenity.PARKING,
                ],
                rate_vnd=700_000,
                min_nights=2,
            ),
        ],
    ),
    "ban-pho-homestay": dict(
        slug="homestay-ban-pho",
        name="Homestay Bản Phố",
        kind=LodgingKind.HOMESTAY,
        latitude=22.5565,
        longitude=104.3130,
        phone="0981000014",
        story="Nhà trình tường của một gia đình H'Mông Hoa ở Bản Phố, làng nấu rượu ngô nổi "
        "tiếng của Bắc Hà. Sáng Chủ nhật chủ nhà dẫn khách đi bộ ba cây số xuống chợ phiên.",
        house_rules="Trả tiền phòng khi đến, bằng tiền mặt. Không mang rượu ngô lên gác ngủ.",
        check_in_from=T(14),
        check_out_until=T(10),
        cancellation_policy=CancellationPolicy.STRICT,
        rooms=[
            dict(
                name="Gác ngủ chung",
                description="Đệm trải sàn trên gác trình tường, mỗi chỗ có màn và chăn.",
                quantity=2,
                max_guests=1,
                floor_mattresses=1,
                amenities=[
                    Amenity.HOT_WATER,
                    Amenity.SHARED_BATHROOM,
                    Amenity.MOSQUITO_NET,
                    Amenity.FIREPLACE,
                ],
                rate_vnd=150_000,
            ),
            dict(
                name="Phòng đôi",
                description="Giường đôi, nhà tắm chung.",
                quantity=1,
                max_guests=2,
                double_beds=1,
                amenities=[Amenity.HOT_WATER, Amenity.SHARED_BATHROOM, Amenity.FAMILY_DINNER],
                rate_vnd=300_000,
                weekend_rate_vnd=400_000,
            ),
        ],
    ),
    "choan-then-homestay": dict(
        slug="homestay-choan-then-y-ty",
        name="Homestay Choản Thèn Y Tý",
        kind=LodgingKind.HOMESTAY,
        latitude=22.6565,
        longitude=103.6085,
        phone="0981000015",
        story="Nhà trình tường mái cỏ của gia đình người Hà Nhì ở thôn Choản Thèn. Khách ở hai "
        "đêm để có hai buổi sáng săn mây; tối ngồi bên bếp lửa nghe chủ nhà kể chuyện bản.",
        house_rules="Ở tối thiểu hai đêm. Mang áo ấm: đêm Y Tý có khi dưới 5 độ. Trả tiền khi đến.",
        check_in_from=T(14),
        check_out_until=T(11),
        cancellation_policy=CancellationPolicy.MODERATE,
        rooms=[
            dict(
                name="Phòng gia đình trên gác",
                description="Hai giường đôi trên gác gỗ, nhà tắm chung có nước nóng.",
                quantity=2,
                max_guests=4,
                double_beds=2,
                amenities=[
                    Amenity.HOT_WATER,
                    Amenity.SHARED_BATHROOM,
                    Amenity.HEATING,
                    Amenity.FIREPLACE,
                    Amenity.FAMILY_DINNER,
                    Amenity.MOUNTAIN_VIEW,
                ],
                rate_vnd=600_000,
                min_nights=2,
            ),
        ],
    ),
    "quyt-muong-khuong": dict(
        slug="nha-vuon-quyt-ma-tuyen",
        name="Nhà vườn quýt Mã Tuyển",
        kind=LodgingKind.FARMSTAY,
        latitude=22.6865,
        longitude=104.1195,
        phone="0214 3871 340",
        story="Ở giữa vườn quýt trên núi đá của Hợp tác xã Quýt Mường Khương. Mùa quýt chín "
        "(tháng Mười một đến tháng Giêng) khách được hái quýt tại cây và gửi về nhà.",
        house_rules="Chỉ hái quýt ở hàng cây chủ nhà chỉ. Giữ yên lặng sau 22 giờ.",
        check_in_from=T(14),
        check_out_until=T(11),
        cancellation_policy=CancellationPolicy.NON_REFUNDABLE,
        accepts_vietqr=True,
        accepts_pay_at_property=True,
        deposit_percent=100,
        rooms=[
            dict(
                name="Phòng đôi nhà vườn",
                description="Giường đôi, nhà tắm riêng, cửa sổ nhìn ra vườn quýt.",
                quantity=2,
                max_guests=2,
                double_beds=1,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.PRIVATE_BATHROOM,
                    Amenity.BREAKFAST,
                    Amenity.PARKING,
                ],
                rate_vnd=300_000,
                weekend_rate_vnd=350_000,
            ),
            dict(
                name="Phòng gia đình",
                description="Một giường đôi, hai đệm trải sàn cho trẻ em, nhà tắm riêng.",
                quantity=1,
                max_guests=4,
                double_beds=1,
                floor_mattresses=2,
                amenities=[
                    Amenity.WIFI,
                    Amenity.HOT_WATER,
                    Amenity.PRIVATE_BATHROOM,
                    Amenity.BREAKFAST,
                    Amenity.FAMILY_DINNER,
                    Amenity.PARKING,
                ],
                rate_vnd=550_000,
            ),
        ],
    ),
}

# organisation key: the tour (tour_create's arguments), the places it visits (slugs) and its
# departures: weekdays (0 is Monday) and the time it leaves.
TOURS: dict[str, dict[str, Any]] = {
    "muong-hoa": dict(
        slug="trekking-lao-chai-ta-van",
        name="Trekking Lao Chải – Tả Van cùng người H'Mông",
        kind=TourKind.TREK,
        meeting_point="Quảng trường Sa Pa, trước nhà thờ đá",
        meeting_latitude=22.3357,
        meeting_longitude=103.8417,
        unit=TA_VAN,
        duration_minutes=6 * 60,
        distance_km="12.0",
        difficulty="moderate",
        guide_languages=["vi", "en"],
        price_vnd=450_000,
        child_price_vnd=250_000,
        group_size=12,
        private_on_request=True,
        private_price_vnd=2_400_000,
        cancellation_policy=CancellationPolicy.FLEXIBLE,
        phone="0214 3871 120",
        story="Chị em hướng dẫn viên của Hợp tác xã Mường Hoa dẫn đoàn từ Sa Pa xuống thung "
        "lũng, qua Lao Chải tới Tả Van, kể chuyện trồng lanh, dệt vải và làm ruộng bậc thang. "
        "Nghỉ trưa ăn cơm ở nhà dân; chiều xe đón về Sa Pa.",
        included="Hướng dẫn viên người H'Mông, bữa trưa, vé tham quan Lao Chải – Tả Van, xe về "
        "Sa Pa.",
        places=["trekking-lao-chai-ta-van", "ruong-bac-thang-ta-van"],
        days=[1, 3, 5],
        at=T(8, 30),
    ),
    "ban-pho-homestay": dict(
        slug="cho-phien-bac-ha-dinh-hoang-a-tuong",
        name="Chợ phiên Bắc Hà và dinh Hoàng A Tưởng",
        kind=TourKind.CULTURE,
        meeting_point="Cổng dinh Hoàng A Tưởng",
        meeting_latitude=22.5388,
        meeting_longitude=104.2888,
        duration_minutes=4 * 60,
        difficulty="easy",
        guide_languages=["vi", "en"],
        price_vnd=350_000,
        child_price_vnd=150_000,
        group_size=10,
        cancellation_policy=CancellationPolicy.MODERATE,
        phone="0981000014",
        story="Một buổi sáng Chủ nhật ở Bắc Hà: đi chợ phiên với người Bản Phố, nếm thắng cố, "
        "rượu ngô, xem mua bán ngựa, rồi thăm dinh thự của thổ ty Hoàng A Tưởng.",
        included="Hướng dẫn viên, vé vào dinh, một bát thắng cố hoặc phở chua ở chợ.",
        places=["cho-phien-bac-ha", "dinh-hoang-a-tuong"],
        days=[6],
        at=T(7),
    ),
    "man-che-bac-ha": dict(
        slug="mot-buoi-o-doi-che-na-hoi",
        name="Một buổi ở đồi chè shan tuyết Na Hối",
        kind=TourKind.FARM,
        meeting_point="Nhà chè của hợp tác xã, thôn Na Hối",
        meeting_latitude=22.5380,
        meeting_longitude=104.2815,
        duration_minutes=3 * 60,
        distance_km="3.0",
        difficulty="easy",
        guide_languages=["vi"],
        price_vnd=250_000,
        child_price_vnd=100_000,
        group_size=8,
        cancellation_policy=CancellationPolicy.FLEXIBLE,
        phone="0214 3871 450",
        story="Đi giữa những cây chè shan tuyết cổ thụ như chè Hoàng Thu Phố, hái búp, sao chè "
        "trên chảo gang rồi thưởng chè cùng các hộ của Hợp tác xã Mận Tam Hoa và Chè Shan "
        "Tuyết Bắc Hà. Mỗi gói chè mang về có tem QR kể lại hành trình từ đồi tới chén.",
        included="Người của hợp tác xã dẫn đường, chè và bánh, một gói chè 200 g.",
        places=["cho-phien-bac-ha"],
        days=[0, 5],
        at=T(14),
    ),
    "choan-then-homestay": dict(
        slug="san-may-y-ty",
        name="Săn mây Y Tý",
        kind=TourKind.TREK,
        meeting_point="Homestay Choản Thèn, thôn Choản Thèn",
        meeting_latitude=22.6565,
        meeting_longitude=103.6085,
        duration_minutes=5 * 60,
        distance_km="8.0",
        difficulty="hard",
        guide_languages=["vi"],
        price_vnd=500_000,
        group_size=8,
        cancellation_policy=CancellationPolicy.STRICT,
        phone="0981000015",
        story="Đi từ lúc trời còn tối lên đỉnh đồi trên bản Choản Thèn để đón bình minh trên "
        "biển mây, rồi men theo ruộng bậc thang xuống các bản Hà Nhì. Về tới nơi vừa kịp bữa "
        "sáng bên bếp lửa.",
        included="Người dẫn đường Hà Nhì, đèn pin, bữa sáng.",
        places=["y-ty-san-may"],
        days=[2, 5],
        at=T(4, 30),
    ),
}

# slug: festival_create's arguments (the place by slug)
FESTIVALS: dict[str, dict[str, Any]] = {
    "gau-tao": dict(
        name="Lễ hội Gầu Tào",
        unit=MUONG_KHUONG,
        rule=FestivalRule.LUNAR,
        month=1,
        day=1,
        duration_days=5,
        people="H'Mông",
        story="Lễ hội mùa xuân của người H'Mông, cầu phúc, cầu con cháu và mùa màng. Quanh cây "
        "nêu dựng giữa bãi, trai gái thổi khèn, ném pa pao, đánh quay, leo cột. Mỗi bản, mỗi "
        "năm tổ chức vào những ngày đầu tháng Giêng; ngày ghi ở đây là ngày bắt đầu thường "
        "gặp.",
    ),
    "roong-pooc-ta-van": dict(
        name="Lễ hội Roóng Poọc",
        unit=TA_VAN,
        place="ruong-bac-thang-ta-van",
        rule=FestivalRule.LUNAR,
        month=1,
        day=1,
        day_branch=Branch.THIN,
        duration_days=1,
        people="Giáy",
        story="Lễ xuống đồng của người Giáy ở Tả Van, cầu mưa thuận gió hòa trước mùa cấy. Thầy "
        "cúng làm lễ bên ruộng, rồi cả bản ném còn qua vòng trên cây nêu. Lễ rơi vào ngày "
        "Thìn đầu tiên của năm âm lịch; có bản chọn một ngày Thìn sau đó trong tháng Giêng: "
        "hỏi xã trước khi đi.",
    ),
    "tet-nhay-dao": dict(
        name="Tết Nhảy của người Dao",
        unit=TA_PHIN,
        rule=FestivalRule.LUNAR,
        month=12,
        day=20,
        duration_days=3,
        people="Dao",
        story="Lễ tạ ơn tổ tiên của người Dao đỏ, với những điệu múa chuông, múa kiếm kéo dài "
        "ba ngày ba đêm. Mỗi dòng họ chọn ngày trong tháng Chạp âm lịch, nên ngày ghi ở đây "
        "chỉ là gần đúng.",
    ),
    "cho-phien-bac-ha-chu-nhat": dict(
        name="Chợ phiên Bắc Hà",
        unit=BAC_HA,
        place="cho-phien-bac-ha",
        rule=FestivalRule.WEEKLY,
        weekday=6,
        starts_at_time=T(6),
        ends_at_time=T(14),
        people="H'Mông Hoa, Tày, Nùng, Dao, Phù Lá",
        story="Chợ họp mỗi sáng Chủ nhật, đông nhất từ 8 đến 11 giờ. Đến sớm để xem chợ ngựa "
        "và ăn sáng thắng cố.",
    ),
    "cho-tinh-sa-pa": dict(
        name="Chợ tình Sa Pa",
        unit=SA_PA,
        rule=FestivalRule.WEEKLY,
        weekday=5,
        starts_at_time=T(19),
        ends_at_time=T(22),
        people="H'Mông, Dao",
        story="Tối thứ Bảy, trai gái H'Mông và Dao hát đối, thổi khèn, múa ở quảng trường Sa "
        "Pa. Nay là đêm văn nghệ cho cả khách và người bản cùng vui.",
    ),
}

# Departures are put on the calendar for this many days from tomorrow.
DEPARTURE_DAYS = 8 * 7


def _province_officer(fallback):
    grant = RoleGrant.objects.filter(role=PlaceRole.PROVINCE_OFFICER).select_related("user").first()
    return grant.user if grant else fallback


def _commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(is_current=True, level="commune", code=code)


def _village(unit: AdministrativeUnit, name: str | None) -> Village | None:
    return Village.objects.filter(commune=unit, name=name).first() if name else None


def tourism_demo_seed(*, admin, organisations: dict[str, Organisation]) -> list[str]:
    """Places, stays, tours, festivals and bookings; returns the addresses to print."""
    officer = _province_officer(admin)
    with transaction.atomic():
        places = _places_seed(officer)
    with transaction.atomic():
        lodgings = _lodgings_seed(admin, officer, organisations)
    with transaction.atomic():
        _tours_seed(admin, officer, organisations, places)
    with transaction.atomic():
        _festivals_seed(officer, places)
    with transaction.atomic():
        if not Booking.objects.exists():
            _bookings_seed(lodgings)
    site = settings.SITE_URL.rstrip("/")
    return [site + reverse("tourism:home"), site + reverse("tourism_host:today")]


def _places_seed(officer) -> dict[str, Place]:
    places = {}
    for slug, spec in PLACES.items():
        place = Place.objects.filter(slug=slug).first()
        if place is None:
            fields = dict(spec)
            unit = _commune(fields.pop("unit"))
            place = place_create(
                actor=officer,
                slug=slug,
                unit=unit,
                village=_village(unit, fields.pop("village", None)),
                **fields,
            )
        if not place.is_published:
            place = place_publish(actor=officer, place=place)
        places[slug] = place
    return places


def _lodgings_seed(admin, officer, organisations: dict[str, Organisation]) -> dict[str, Lodging]:
    lodgings = {}
    for key, spec in LODGINGS.items():
        fields = dict(spec)
        rooms = fields.pop("rooms")
        lodging = Lodging.objects.filter(slug=fields["slug"]).first()
        if lodging is None:
            lodging = lodging_create(actor=admin, organisation=organisations[key], **fields)
        for position, room in enumerate(rooms):
            room = dict(room)
            tet = room.pop("tet", None)
            room_type = RoomType.objects.filter(lodging=lodging, name=room["name"]).first()
            if room_type is None:
                room_type = room_type_create(
                    actor=admin, lodging=lodging, position=position, **room
                )
            if tet and not room_type.rate_rules.filter(kind=RateRuleKind.TET).exists():
                rate_rule_add(actor=admin, room_type=room_type, kind=RateRuleKind.TET, **tet)
        if lodging.status != ListingStatus.APPROVED:
            lodging = lodging_review(actor=officer, lodging=lodging, decision="approve")
        lodgings[key] = lodging
    return lodgings


def _tours_seed(admin, officer, organisations, places: dict[str, Place]) -> None:
    today = timezone.localdate()
    for key, spec in TOURS.items():
        fields = dict(spec)
        days, at = fields.pop("days"), fields.pop("at")
        visits = [places[slug] for slug in fields.pop("places")]
        tour = Tour.objects.filter(slug=fields["slug"]).first()
        if tour is None:
            if "unit" in fields:
                fields["unit"] = _commune(fields["unit"])
            if "distance_km" in fields:
                fields["distance_km"] = Decimal(fields["distance_km"])
            tour = tour_create(
                actor=admin, organisation=organisations[key], places=visits, **fields
            )
        if tour.status != ListingStatus.APPROVED:
            tour = tour_review(actor=officer, tour=tour, decision="approve")
        for offset in range(1, DEPARTURE_DAYS + 1):
            day = today + datetime.timedelta(days=offset)
            if day.weekday() not in days:
                continue
            starts_at = timezone.make_aware(datetime.datetime.combine(day, at))
            if not TourDeparture.objects.filter(tour=tour, starts_at=starts_at).exists():
                departure_create(actor=admin, tour=tour, starts_at=starts_at)


def _festivals_seed(officer, places: dict[str, Place]) -> None:
    for slug, spec in FESTIVALS.items():
        if Festival.objects.filter(slug=slug).exists():
            continue
        fields = dict(spec)
        unit = AdministrativeUnit.objects.get(is_current=True, code=fields.pop("unit"))
        place = places[fields.pop("place")] if "place" in fields else None
        festival_create(
            actor=officer, slug=slug, unit=unit, place=place, is_published=True, **fields
        )


def _room(lodging: Lodging, name: str) -> RoomType:
    return RoomType.objects.get(lodging=lodging, name=name)


def _bookings_seed(lodgings: dict[str, Lodging]) -> None:
    """A booking in each state the host sees, made as a guest and answered as the host would:
    one waiting for the host, one confirmed for next week, one checked in today, one cancelled,
    one seat on a trek, and one stay of last month, completed and reviewed."""
    today = timezone.localdate()
    days = datetime.timedelta
    host = lodgings["nha-sinh-ta-van"]

    # Waiting for the demo host's answer (paid on arrival: held a day).
    stay_book(
        room_type=_room(host, "Phòng đôi nhìn ra ruộng"),
        check_in=today + days(10),
        check_out=today + days(12),
        adults=2,
        guest=Guest(
            name="Nguyễn Thu Trang",
            phone="0903 112 233",
            note="Chúng tôi đến bằng xe khách từ Hà Nội, khoảng 15 giờ.",
        ),
        payment=PaymentChoice.ON_ARRIVAL,
    )
    # Arrived today at the demo host's, the family room.
    arrived = stay_book(
        room_type=_room(host, "Phòng gia đình"),
        check_in=today,
        check_out=today + days(2),
        adults=2,
        children=2,
        guest=Guest(name="Emma Schneider", phone="+49 151 23456789", country="DE", language="en"),
        payment=PaymentChoice.VIETQR_DEPOSIT,
    )
    booking_check_in(booking=booking_confirm(booking=arrived))
    # The host keeps a dorm bed for family on the coming Saturday.
    saturday = today + days((5 - today.weekday()) % 7 or 7)
    nights_close(room_type=_room(host, "Giường đệm gác tập thể"), dates=[saturday], rooms=1)

    # Confirmed for next week at the Mường Hoa co-operative, deposit paid by VietQR.
    confirmed = stay_book(
        room_type=_room(lodgings["muong-hoa"], "Phòng đôi nhà gỗ"),
        check_in=today + days(7),
        check_out=today + days(9),
        adults=2,
        guest=Guest(name="Trần Minh Đức", phone="0978 221 456"),
        payment=PaymentChoice.VIETQR_DEPOSIT,
    )
    booking_confirm(booking=confirmed)

    # Cancelled by the guest at Y Tý.
    cancelled = stay_book(
        room_type=_room(lodgings["choan-then-homestay"], "Phòng gia đình trên gác"),
        check_in=today + days(20),
        check_out=today + days(22),
        adults=3,
        guest=Guest(name="Lê Hoàng Nam", phone="0356 789 012"),
        payment=PaymentChoice.ON_ARRIVAL,
    )
    booking_cancel(booking=cancelled, by=CancelledBy.GUEST, note="Đổi lịch nghỉ phép.")

    # Two seats on the next Lao Chải – Tả Van trek, confirmed.
    departure = (
        TourDeparture.objects.filter(
            tour__slug="trekking-lao-chai-ta-van", starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    if departure is not None:
        seats = tour_book(
            departure=departure,
            adults=2,
            guest=Guest(name="Phạm Thị Hương", phone="0868 123 457"),
            payment=PaymentChoice.ON_ARRIVAL,
        )
        booking_confirm(booking=seats)

    _stay_of_last_month(_room(lodgings["man-che-bac-ha"], "Phòng đôi bên đồi chè"))


def _stay_of_last_month(room_type: RoomType) -> Booking:
    """A stay already over, completed and reviewed, for the reviews and dashboards.

    The booking services take stays from today on, so this one is written as they would have
    written it then: its nights taken through the inventory, its prices from the pricing."""
    check_in = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=12)
    check_out = check_in + datetime.timedelta(days=2)
    quote = stay_quote(room_type, check_in=check_in, check_out=check_out)
    nights_take(room_type=room_type, dates=stay_dates(check_in, check_out), rooms=1)
    lodging = room_type.lodging
    at = timezone.make_aware(datetime.datetime.combine(check_in, T(14)))
    booking = Booking(
        code=code_new(BOOKING_CODE_PREFIX),
        kind=BookingKind.STAY,
        organisation=lodging.organisation,
        unit=lodging.unit,
        room_type=room_type,
        check_in=check_in,
        check_out=check_out,
        rooms=1,
        nights=[
            {"date": night.date.isoformat(), "rate_vnd": night.rate_vnd, "rule": night.rule}
            for night in quote.nights
        ],
        adults=2,
        guest_name="Hoàng Thị Thu",
        guest_phone="+84912345678",
        status=BookingStatus.COMPLETED,
        payment=PaymentChoice.ON_ARRIVAL,
        total_vnd=quote.total_vnd,
        paid_vnd=quote.total_vnd,
        cancellation_policy=lodging.cancellation_policy,
        confirmed_at=at - datetime.timedelta(days=5),
        checked_in_at=at,
        closed_at=at + datetime.timedelta(days=2) - datetime.timedelta(hours=3),
    )
    booking.full_clean()
    booking.save()
    # No service writes a guest's review yet.
    review = GuestReview(
        booking=booking,
        rating=5,
        text="Sáng sớm đi hái chè cùng các chị trong hợp tác xã, tối uống chè bên bếp củi. "
        "Mua chè về có tem QR, quét thấy đúng đồi chè mình đã đến.",
    )
    review.full_clean()
    review.save()
    return booking
