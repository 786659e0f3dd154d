"""Products' names and descriptions and lots' notes for buyers in the visitor's language
(banso.lingo): the product form writes the names a co-operative's owner types as reviewed
translations, the trace pages show them with their language, and a cached page is forgotten
when a translation is reviewed."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from banso.lingo.models import Translation, TranslationOrigin, TranslationState
from banso.lingo.selectors import Translated, translated
from banso.lingo.services import translation_review, translation_write
from banso.orgs.services import membership_set
from banso.trace.models import Lot, Product
from banso.trace.services.products import lot_update, product_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def lot_page(client, lot, language: str) -> str:
    with translation.override(language):
        url = reverse("trace_public:lot", args=[lot.product.gtin, lot.code])
    return client.get(f"{url}?lang={language}").content.decode()


def rows_of(instance) -> list[tuple[str, str, str]]:
    return sorted(
        Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
        ).values_list("field", "language", "state")
    )


def test_a_saved_product_waits_for_its_translations(product, coop_member):
    assert rows_of(product) == [
        ("name", "en", TranslationState.WAITING),
        ("name", "zh-hans", TranslationState.WAITING),
    ]
    product_update(actor=coop_member, product=product, description="Quýt ngọt, vỏ mỏng.")
    assert rows_of(product) == [
        ("description", "en", TranslationState.WAITING),
        ("description", "zh-hans", TranslationState.WAITING),
        ("name", "en", TranslationState.WAITING),
        ("name", "zh-hans", TranslationState.WAITING),
    ]


def product_form_data(product, **changes) -> dict:
    data = {
        "name": product.name,
        "category": product.category,
        "unit": product.unit,
        "net_content": "5",
        "net_content_unit": "kg",
        "gtin": product.gtin,
        "description": "",
        "is_active": "on",
        "name_en": "",
        "name_zh": "",
    }
    data.update(changes)
    return data


def test_names_typed_in_the_product_form_are_reviewed_translations(client, product, coop_member):
    client.force_login(coop_member)
    url = reverse("trace:product-update", args=[product.pk])
    response = client.post(
        url, product_form_data(product, name_en="Muong Khuong tangerine", name_zh="孟康橘子")
    )
    assert response.status_code == 302
    english = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(Product),
        object_id=product.pk,
        field="name",
        language="en",
    )
    assert (english.state, english.origin, english.made_by) == (
        TranslationState.REVIEWED,
        TranslationOrigin.PERSON,
        coop_member,
    )
    assert translated(product, "name", language="zh-hans") == Translated(
        text="孟康橘子", language="zh-hans", status="reviewed"
    )
    page = client.get(url).content.decode()
    assert 'value="Muong Khuong tangerine"' in page and 'value="孟康橘子"' in page


def test_the_chinese_name_field_is_labelled_in_the_page_language(client, product, coop_member):
    client.force_login(coop_member)
    with translation.override("vi"):
        url = reverse("trace:product-update", args=[product.pk])
        label = str(translation.gettext("Name in Chinese"))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'<label for="id_name_zh">{label}:</label>' in page


def test_staff_who_do_not_review_translations_are_not_asked_for_names(
    client, product, coop, make_user, superuser
):
    staff = make_user("Lý Thị Mai")
    membership_set(actor=superuser, organisation=coop, user=staff, role="staff")
    client.force_login(staff)
    url = reverse("trace:product-update", args=[product.pk])
    assert 'name="name_en"' not in client.get(url).content.decode()
    response = client.post(url, product_form_data(product, name_en="Sneaky name"))
    assert response.status_code == 302
    assert translated(product, "name", language="en").status == "missing"


def test_the_lot_page_shows_names_and_notes_for_buyers_in_english(
    client, lot, coop_member, superuser
):
    lot_update(actor=coop_member, lot=lot, public_notes="Hái sau mưa ba ngày.")
    translation_write(
        actor=superuser, instance=lot.product, field="name", language="en", text="Tangerines"
    )
    translation_write(
        actor=superuser,
        instance=lot,
        field="public_notes",
        language="en",
        text="Picked three days after the rain.",
    )
    english = lot_page(client, lot, "en")
    assert '<h1 id="product-name" lang="en">Tangerines</h1>' in english
    assert '<p id="lot-notes" lang="en">Picked three days after the rain.</p>' in english
    vietnamese = lot_page(client, lot, "vi")
    assert '<h1 id="product-name" lang="vi">Quýt Mường Khương</h1>' in vietnamese
    assert '<p id="lot-notes" lang="vi">Hái sau mưa ba ngày.</p>' in vietnamese
    chinese = lot_page(client, lot, "zh-hans")
    assert '<p id="lot-notes" lang="vi">Hái sau mưa ba ngày.</p>' in chinese
    assert chinese.count('class="lingo-mark"') == 2  # the name and the notes


def test_the_lot_form_asks_for_notes_for_buyers(client, lot, coop_member):
    client.force_login(coop_member)
    page = client.get(reverse("trace:lot-update", args=[lot.pk])).content.decode()
    assert 'name="public_notes"' in page


def test_a_reviewed_name_shows_on_the_cached_page_at_once(
    client, lot, superuser, django_capture_on_commit_callbacks
):
    assert '<h1 id="product-name" lang="vi">' in lot_page(client, lot, "en")
    row = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(Product),
        object_id=lot.product_id,
        field="name",
        language="en",
    )
    Translation.objects.filter(pk=row.pk).update(text="Sneaky", state="machine")
    assert "Sneaky" not in lot_page(client, lot, "en")  # the page comes from the cache
    with django_capture_on_commit_callbacks(execute=True):
        translation_review(actor=superuser, translation=row, action="accept", text="Tangerines")
    assert '<h1 id="product-name" lang="en">Tangerines</h1>' in lot_page(client, lot, "en")


def test_reviewed_notes_show_on_the_cached_page_at_once(
    client, lot, coop_member, superuser, django_capture_on_commit_callbacks
):
    lot = lot_update(actor=coop_member, lot=Lot.objects.get(pk=lot.pk), public_notes="Hái sớm.")
    assert '<p id="lot-notes" lang="vi">' in lot_page(client, lot, "en")
    with django_capture_on_commit_callbacks(execute=True):
        translation_write(
            actor=superuser, instance=lot, field="public_notes", language="en", text="Picked early."
        )
    assert '<p id="lot-notes" lang="en">Picked early.</p>' in lot_page(client, lot, "en")
