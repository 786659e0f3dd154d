"""Fill the Vietnamese sort key of the rows that existed before it (a data change only)."""

from django.db import migrations

from banso.common.text import sort_key

MODELS = [("Organisation", "name")]


def fill(apps, schema_editor):
    for model_name, source in MODELS:
        model = apps.get_model("orgs", model_name)
        rows = list(model.objects.only("pk", source))
        for row in rows:
            row.name_sort = sort_key(getattr(row, source))
        model.objects.bulk_update(rows, ["name_sort"], batch_size=500)


def empty(apps, schema_editor):
    for model_name, _source in MODELS:
        apps.get_model("orgs", model_name).objects.update(name_sort="")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_name_sort_key")]

    operations = [migrations.RunPython(fill, empty)]
