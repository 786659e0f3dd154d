"""Three monthly indicators of telecom support under Circular 14/2022/TT-BTTTT, as definitions
over the telecom facts (``indicators.telecom_facts``), each broken down by form of support.

They are the figures the programme is followed by month after month: the providers report each
supported subscription's traffic (phát sinh lưu lượng) monthly, support is paid for the months
it is active, and it is suspended after two months without traffic.

- "Households receiving telecom support in the month" (số hộ được hỗ trợ trong tháng): the
  households whose support is active in the month. A count: the programme's monthly total,
  what it pays for.
- "Share of telecom-supported households with traffic in the month" (tỷ lệ hộ có phát sinh
  lưu lượng): households whose supported subscription had traffic over households with a
  supported subscription running in the month. The money instead of a smartphone is paid once
  and has no subscription to report on, so it is in neither; a suspended household stays in
  the denominator, since its traffic is still reported and brings its support back.
- "Telecom-supported households suspended for lack of traffic" (số hộ bị tạm dừng hỗ trợ do
  không phát sinh lưu lượng): the households whose support is suspended in the month. A count
  where lower is better.

A count has no denominator: its value is the numerator (factor 1), suppressed under 5
households like any other figure. Names are English msgids, shown translated
(``Indicator.display_name``; ``banso.indicators.names`` lists them for the catalogs).
"""

from django.db import migrations

INDICATORS = [
    {
        "code": "telecom-households-supported",
        "name": "Households receiving telecom support in the month",
        "numerator": "telecom.active",
        "denominator": "",
        "factor": 1,
        "decimals": 0,
        "disaggregations": ["support"],
        "is_higher_better": True,
        "position": 50,
    },
    {
        "code": "telecom-traffic-share",
        "name": "Share of telecom-supported households with traffic in the month",
        "numerator": "telecom.with_traffic",
        "denominator": "telecom.subscriptions",
        "factor": 100,
        "decimals": 1,
        "disaggregations": ["support"],
        "is_higher_better": True,
        "position": 60,
    },
    {
        "code": "telecom-households-suspended",
        "name": "Telecom-supported households suspended for lack of traffic",
        "numerator": "telecom.suspended",
        "denominator": "",
        "factor": 1,
        "decimals": 0,
        "disaggregations": ["support"],
        "is_higher_better": False,
        "position": 70,
    },
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for fields in INDICATORS:
        Indicator.objects.update_or_create(
            code=fields["code"], defaults={k: v for k, v in fields.items() if k != "code"}
        )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=[fields["code"] for fields in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_ranking_editions")]
    operations = [migrations.RunPython(seed, unseed)]
