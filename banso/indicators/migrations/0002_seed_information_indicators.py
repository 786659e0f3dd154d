"""The two information indicators of Lào Cai's reports on the poverty review (share of poor
and near-poor households using telecommunication services; share with a means of accessing
information) and the poor and near-poor household rates, as definitions over the households'
facts. Names are English msgids, shown translated (``Indicator.display_name``;
``banso.indicators.names`` lists them for the catalogs)."""

from django.db import migrations

INDICATORS = [
    {
        "code": "poor-near-poor-using-telecom",
        "name": "Share of poor and near-poor households using telecommunication services",
        "numerator": "households.poor_near_poor - households.poor_near_poor.lacks_telecom",
        "denominator": "households.poor_near_poor",
        "disaggregations": ["class", "ethnicity", "head_sex"],
        "is_higher_better": True,
        "position": 10,
    },
    {
        "code": "poor-near-poor-information-means",
        "name": "Share of poor and near-poor households with a means of accessing information",
        "numerator": (
            "households.poor_near_poor.information_means_assessed"
            " - households.poor_near_poor.lacks_information_means"
        ),
        "denominator": "households.poor_near_poor.information_means_assessed",
        "disaggregations": ["class", "ethnicity", "head_sex"],
        "is_higher_better": True,
        "position": 20,
    },
    {
        "code": "poor-household-rate",
        "name": "Poor household rate",
        "numerator": "households.poor",
        "denominator": "households.assessed",
        "disaggregations": ["ethnicity", "head_sex"],
        "is_higher_better": False,
        "position": 30,
    },
    {
        "code": "near-poor-household-rate",
        "name": "Near-poor household rate",
        "numerator": "households.near_poor",
        "denominator": "households.assessed",
        "disaggregations": ["ethnicity", "head_sex"],
        "is_higher_better": False,
        "position": 40,
    },
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for fields in INDICATORS:
        Indicator.objects.update_or_create(
            code=fields["code"],
            defaults={**{k: v for k, v in fields.items() if k != "code"}, "factor": 100, "decimals": 1},
        )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=[fields["code"] for fields in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicators_analytics")]
    operations = [migrations.RunPython(seed, unseed)]
