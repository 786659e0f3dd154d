"""An organisation's description in the visitor's language (banso.lingo): the reviewed
translation with its language, else the Vietnamese text marked as not yet translated."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, gettext

from banso.lingo.services import translation_write
from banso.orgs.services import organisation_update

pytestmark = pytest.mark.django_db

STORY = "Hợp tác xã trồng quýt trên sườn núi Mường Khương."


def detail(client, organisation, language: str) -> str:
    with translation.override(language):
        url = reverse("orgs:organisation-detail", args=[organisation.slug])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def described(coop, superuser):
    coop = organisation_update(actor=superuser, organisation=coop, description=STORY)
    translation_write(
        actor=superuser,
        instance=coop,
        field="description",
        language="en",
        text="A co-operative growing tangerines on the slopes of Muong Khuong.",
    )
    return coop


def test_the_english_page_shows_the_reviewed_description(client, described):
    html = detail(client, described, "en")
    assert (
        '<p id="description" lang="en">A co-operative growing tangerines on the slopes of '
        "Muong Khuong.</p>"
    ) in html
    assert "lingo-mark" not in html


def test_the_chinese_page_shows_the_vietnamese_description_marked(client, described):
    html = detail(client, described, "zh-hans")
    assert f'<p id="description" lang="vi">{STORY}</p>' in html
    with translation.override("zh-hans"):
        expected = gettext("Not yet translated: shown in %(source_language)s.") % {
            "source_language": get_language_info("vi")["name_translated"]
        }
    assert f'<small class="lingo-mark">{expected}</small>' in html
