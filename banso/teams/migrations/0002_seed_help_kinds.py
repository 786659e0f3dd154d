"""The kinds of help the teams give, as the province's guidance lists them: the national
identity app VNeID (account and level-2 electronic identification), online public services,
cashless payment, mobile money, a shop on an e-commerce marketplace, the social insurance app
VssID, digital skills, safety online, enrolment in the public-utility telecom support. Names
are English msgids, shown translated (``HelpKind.display_name``; ``banso.teams.kinds`` lists
them for the catalogs)."""

from django.db import migrations

KINDS = [
    ("vneid", "VNeID account and level-2 identification"),
    ("public-services", "Online public-service dossier"),
    ("cashless-payment", "Cashless payment account"),
    ("mobile-money", "Mobile money"),
    ("e-commerce", "Shop on an e-commerce marketplace"),
    ("vssid", "VssID social insurance app"),
    ("digital-skills", "Digital skills"),
    ("online-safety", "Safety online"),
    ("telecom-support", "Telecom support enrolment"),
    ("other", "Other help"),
]


def seed(apps, schema_editor):
    HelpKind = apps.get_model("teams", "HelpKind")
    for position, (code, name) in enumerate(KINDS, start=1):
        HelpKind.objects.update_or_create(
            code=code, defaults={"name": name, "position": position * 10}
        )


def unseed(apps, schema_editor):
    HelpKind = apps.get_model("teams", "HelpKind")
    HelpKind.objects.filter(code__in=[code for code, _name in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_team_register_and_help_given")]
    operations = [migrations.RunPython(seed, unseed)]
