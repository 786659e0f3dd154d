from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand

from banso.common.fields import Refresh, upload_fields, upload_refresh


class Command(BaseCommand):
    help = (
        "Store again the files uploaded before names were chosen by the server: pictures "
        "re-encoded without their EXIF, PDFs renamed, the small copies pages show made. "
        "Safe to run again; run it once after upgrading, with the worker running or not."
    )

    def handle(self, *args, **options):
        counts: Counter[Refresh] = Counter()
        for model in apps.get_models():
            for field in upload_fields(model):
                rows = model._default_manager.exclude(**{field.attname: ""}).order_by("pk")
                for instance in rows.iterator(chunk_size=200):
                    outcome = upload_refresh(instance=instance, field=field)
                    counts[outcome] += 1
                    if outcome is Refresh.REFUSED:
                        self.stderr.write(
                            f"{model._meta.label} {instance.pk}: {getattr(instance, field.attname)}"
                            " is not a picture or PDF this site accepts; left as it is."
                        )
        self.stdout.write(
            ", ".join(f"{counts[outcome]} {outcome.value}" for outcome in Refresh) + "."
        )
