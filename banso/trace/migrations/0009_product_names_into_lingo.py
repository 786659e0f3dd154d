"""Move the products' names in other languages (``Product.name_translations``) into lingo's
translations, as reviewed translations written by a person: the co-operatives typed them."""

import hashlib
import unicodedata

from django.conf import settings
from django.db import migrations

from banso.common.text import fold


def source_hash(text: str) -> str:
    """As ``banso.lingo.services.source_hash`` at the time of this migration."""
    return hashlib.sha256(unicodedata.normalize("NFC", text.strip()).encode()).hexdigest()


def _content_type(apps):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    found, _created = content_type_model.objects.get_or_create(app_label="trace", model="product")
    return found


def names_into_translations(apps, schema_editor):
    product_model = apps.get_model("trace", "Product")
    translation_model = apps.get_model("lingo", "Translation")
    languages = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    content_type = None
    products = product_model.objects.exclude(name_translations={}).select_related(
        "organisation__unit"
    )
    for product in products.iterator():
        source = " ".join((product.name or "").split())
        for language, text in (product.name_translations or {}).items():
            text = (text or "").strip()
            if language not in languages or not text or not source:
                continue
            content_type = content_type or _content_type(apps)
            digest = source_hash(source)
            translation_model.objects.update_or_create(
                content_type=content_type,
                object_id=product.pk,
                field="name",
                language=language,
                defaults={
                    "organisation_id": product.organisation_id,
                    "unit_path": product.organisation.unit.path,
                    "source_language": settings.LANGUAGE_CODE,
                    "source": source,
                    "source_hash": digest,
                    "state": "reviewed",
                    "text": text,
                    "text_folded": fold(text),
                    "text_source": source,
                    "text_source_hash": digest,
                    "origin": "person",
                    "filled_hash": digest,
                },
            )


def translations_into_names(apps, schema_editor) -> None:
    product_model = apps.get_model("trace", "Product")
    translation_model = apps.get_model("lingo", "Translation")
    rows = translation_model.objects.filter(
        content_type=_content_type(apps), field="name"
    ).exclude(text="")
    names: dict[int, dict[str, str]] = {}
    for object_id, language, text in rows.values_list("object_id", "language", "text"):
        names.setdefault(object_id, {})[language] = text
    for product in product_model.objects.filter(pk__in=list(names)):
        product.name_translations = {**(product.name_translations or {}), **names[product.pk]}
        product.save(update_fields=["name_translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lingo", "0001_translations_memory_glossary"),
        ("trace", "0008_lot_public_notes"),
    ]

    operations = [migrations.RunPython(names_into_translations, translations_into_names)]
