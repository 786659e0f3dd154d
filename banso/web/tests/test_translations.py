"""The Vietnamese, English and Chinese catalogs: complete, valid, up to date, and used.

The pages are rendered from catalogs compiled from the .po files into a temporary directory, so
these tests check the translations as written, whether or not ``make translations`` has run.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from banso.accounts.models import PlaceRole
from banso.orgs.models import OrganisationKind

LOCALE_DIR = Path(django_settings.BASE_DIR) / "banso" / "locale"
TRANSLATED = ["vi", "zh_Hans"]
LANGUAGES = [*TRANSLATED, "en"]
# Names and marks that read the same in every language.
# Names the languages borrow as they are: the channels' brands, "homestay" and "Wi-Fi".
SAME_IN_VIETNAMESE = {
    "Email",
    "OCOP",
    "VietGAP",
    "Xã, Phường, Huyện, Tỉnh …",
    "%(amount)s ₫",
    "Booking.com, Airbnb …",
    "Homestay",
    "Wi-Fi",
}
SAME_IN_CHINESE = {"OCOP", "VietGAP"}
# The colon after a label: Vietnamese keeps it, Chinese writes the full-width "：".
PUNCTUATION = {":", ": "}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
CJK = re.compile(r"[\u4e00-\u9fff]")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file (header excluded): msgid, msgstr and flags."""
    entries: list[dict] = []
    entry: dict = {}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        else:
            keyword, _, rest = line.partition(" ") if not line.startswith('"') else ("", "", line)
            field = keyword.split("[")[0] if keyword else field
            text = re.sub(r"\\(.)", lambda match: ESCAPES[match.group(1)], rest.strip()[1:-1])
            entry[field] = entry.get(field, "") + text
    return [entry for entry in entries if entry["msgid"]]


MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"


def msgfmt(*args: str) -> subprocess.CompletedProcess:
    """GNU gettext's msgfmt (the Debian package ``gettext``, which makemessages needs too)."""
    return subprocess.run(  # noqa: S603 (fixed program, arguments are our own paths)
        [MSGFMT, *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory) -> Path:
    """The three catalogs compiled into a directory of their own."""
    root = tmp_path_factory.mktemp("locale")
    for language in LANGUAGES:
        target = root / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        result = msgfmt("-c", "-o", str(target / "django.mo"), str(po_path(language)))
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def catalogs(settings, compiled_locale):
    """Serve pages from the freshly compiled catalogs (changing LOCALE_PATHS empties Django's
    translation cache, on the way in and on the way out)."""
    settings.LOCALE_PATHS = [compiled_locale]


# The catalogs ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_complete_and_valid(language):
    result = msgfmt("--statistics", "-c", "-o", "/dev/null", str(po_path(language)))

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.", result.stderr.strip()), result.stderr
    entries = po_entries(po_path(language))
    assert entries
    assert [e["msgid"] for e in entries if not e["msgstr"]] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e.get("flags", ())] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_kept(language):
    """Vietnamese and Chinese have one plural form: its text is the plural's, with the plural's
    placeholders (the singular of "%(counter)s orders" may leave the count out)."""
    for entry in po_entries(po_path(language)):
        source = entry.get("msgid_plural", entry["msgid"])
        assert sorted(PLACEHOLDER.findall(entry["msgstr"])) == sorted(
            PLACEHOLDER.findall(source)
        ), entry["msgid"]


def test_vietnamese_is_not_english_copied_over():
    copied = [
        e["msgid"]
        for e in po_entries(po_path("vi"))
        if e["msgstr"] == e["msgid"] and e["msgid"] not in SAME_IN_VIETNAMESE | PUNCTUATION
    ]
    assert copied == []


def test_chinese_is_written_in_chinese():
    not_chinese = [
        e["msgid"]
        for e in po_entries(po_path("zh_Hans"))
        if not CJK.search(e["msgstr"]) and e["msgid"] not in SAME_IN_CHINESE | PUNCTUATION
    ]
    assert not_chinese == []


def test_english_catalog_uses_the_msgids_and_lists_the_same_messages():
    """English is written in the msgids; the English catalog gives other wording only where a
    msgid does not read naturally, never a copy of the msgid."""
    english = po_entries(po_path("en"))
    result = msgfmt("-c", "-o", "/dev/null", str(po_path("en")))

    assert result.returncode == 0, result.stderr
    assert [e["msgid"] for e in english if e["msgstr"] == e["msgid"]] == []
    assert [e["msgid"] for e in english if "fuzzy" in e.get("flags", ())] == []
    msgids = {e["msgid"] for e in english}
    for language in TRANSLATED:
        assert {e["msgid"] for e in po_entries(po_path(language))} == msgids


def test_catalogs_hold_every_message_of_the_code(tmp_path, settings, monkeypatch):
    """makemessages over a copy of the code finds exactly the messages the catalogs hold, so a
    string added without a translation (or left behind after its removal) fails here."""
    project = Path(django_settings.BASE_DIR)
    shutil.copytree(
        project / "banso",
        tmp_path / "banso",
        ignore=shutil.ignore_patterns("locale", "__pycache__"),
    )
    if (project / "scripts").is_dir():
        shutil.copytree(project / "scripts", tmp_path / "scripts")
    fresh = tmp_path / "banso" / "locale"
    fresh.mkdir()
    settings.LOCALE_PATHS = [fresh]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["vi"], verbosity=0)

    extracted = {e["msgid"] for e in po_entries(fresh / "vi" / "LC_MESSAGES" / "django.po")}
    catalog = {e["msgid"] for e in po_entries(po_path("vi"))}
    assert sorted(extracted - catalog) == [], "run makemessages and translate the new strings"
    assert sorted(catalog - extracted) == [], "run makemessages --no-obsolete"


def test_model_labels_are_translated(catalogs):
    with translation.override("vi"):
        assert str(PlaceRole.VILLAGE_TEAM_LEADER.label) == "Tổ trưởng tổ công nghệ số cộng đồng"
        assert str(OrganisationKind.COOPERATIVE.label) == "Hợp tác xã (HTX)"
    with translation.override("zh-hans"):
        assert str(OrganisationKind.COOPERATIVE.label) == "合作社（HTX）"
    with translation.override("en"):
        assert str(OrganisationKind.COOPERATIVE.label) == "Co-operative (HTX)"


# The pages ---------------------------------------------------------------------------------


def html_lang(content: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', content)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_home_page_is_in_vietnamese_by_default(client, catalogs):
    response = client.get("/")
    content = response.content.decode()

    assert response.status_code == 200
    assert html_lang(content) == "vi"
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in content
    assert "Hợp tác xã và doanh nghiệp" in content
    assert "Sign in" not in content


@pytest.mark.django_db
def test_home_page_in_chinese(client, catalogs):
    response = client.get("/zh-hans/")
    content = response.content.decode()

    assert response.status_code == 200
    assert html_lang(content) == "zh-hans"
    assert "登录" in content
    assert "合作社与企业" in content
    assert "Đăng nhập" not in content


@pytest.mark.django_db
def test_home_page_in_english(client, catalogs):
    response = client.get("/en/")
    content = response.content.decode()

    assert response.status_code == 200
    assert html_lang(content) == "en"
    assert "Sign in" in content
    assert "Co-operatives and businesses" in content
    assert "Đăng nhập" not in content


@pytest.mark.django_db
def test_language_switcher_keeps_the_choice(client, catalogs):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"
    content = client.get(response["Location"]).content.decode()
    assert html_lang(content) == "zh-hans"
    assert "登录" in content


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["0987000111", "nobody@example.vn"], ids=["phone", "email"])
def test_failed_sign_in_is_explained_in_vietnamese(client, catalogs, login):
    response = client.post("/accounts/sign-in/", {"username": login, "password": "wrong"})
    content = response.content.decode()

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Số điện thoại hoặc email và mật khẩu không khớp. Vui lòng thử lại." in content


def test_wrong_password_is_explained_in_vietnamese(client, catalogs, make_user):
    user = make_user(phone="0987000222")

    response = client.post("/accounts/sign-in/", {"username": user.phone, "password": "wrong"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "mật khẩu không khớp" in response.content.decode()


@pytest.mark.django_db
def test_missing_fields_use_djangos_vietnamese_messages(client, catalogs):
    response = client.post("/accounts/sign-in/", {"username": "", "password": ""})

    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()


@pytest.mark.django_db
def test_failed_sign_in_in_chinese(client, catalogs):
    response = client.post(
        "/zh-hans/accounts/sign-in/", {"username": "0987000111", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "电话号码或电子邮箱与密码不匹配" in response.content.decode()


@pytest.mark.django_db
def test_admin_login_is_in_vietnamese_by_default(client, catalogs):
    response = client.get("/admin/login/")
    content = response.content.decode()

    assert response.status_code == 200
    assert html_lang(content) == "vi"
    assert "<title>Đăng nhập | Quản trị Bản Số</title>" in content
    assert "Mật khẩu" in content
