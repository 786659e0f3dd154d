"""An engine that is configured but cannot work is reported by ``manage.py check`` and gives
no translation, rather than an error in a background task."""

import zipfile
from importlib.util import find_spec

import pytest
from django.core.checks import run_checks

from banso.lingo.engines import machine_translate


def lingo_errors() -> dict[str, str]:
    return {
        message.id: message.msg
        for message in run_checks()
        if message.id and message.id.startswith("lingo.")
    }


def test_no_engine_is_not_an_error(settings):
    settings.TRANSLATION_ENGINE = ""

    assert lingo_errors() == {}


def test_argos_with_a_missing_model_file_is_reported_and_translates_nothing(settings, tmp_path):
    missing = tmp_path / "translate-vi_en-1_9.argosmodel"
    settings.TRANSLATION_ENGINE = "argos"
    settings.ARGOS_MODEL_PATHS = [str(missing)]

    errors = lingo_errors()

    assert f"{missing} does not exist" in errors["lingo.E004"]
    assert machine_translate(["Chè Shan tuyết cổ thụ"], source="vi", target="en") is None


def test_argos_with_a_file_that_is_no_model_is_reported(settings, tmp_path):
    not_a_model = tmp_path / "translate-vi_en.argosmodel"
    not_a_model.write_text("<html>404</html>")
    settings.TRANSLATION_ENGINE = "argos"
    settings.ARGOS_MODEL_PATHS = [str(not_a_model)]

    assert "is not an .argosmodel file" in lingo_errors()["lingo.E004"]
    assert machine_translate(["Mận hậu Bắc Hà"], source="vi", target="en") is None


@pytest.mark.skipif(find_spec("argostranslate") is not None, reason="argostranslate installed")
def test_argos_without_its_package_is_reported_and_translates_nothing(settings, tmp_path):
    model = tmp_path / "translate-vi_en.argosmodel"
    with zipfile.ZipFile(model, "w") as archive:
        archive.writestr("translate-vi_en/metadata.json", "{}")
    settings.TRANSLATION_ENGINE = "argos"
    settings.ARGOS_MODEL_PATHS = [str(model)]
    settings.VAR_DIR = tmp_path / "var"

    errors = lingo_errors()

    assert "argostranslate package is not installed" in errors["lingo.E003"]
    assert "lingo.E004" not in errors
    assert machine_translate(["Mận hậu Bắc Hà"], source="vi", target="en") is None


def test_an_unknown_engine_is_reported_and_translates_nothing(settings):
    settings.TRANSLATION_ENGINE = "google"

    assert "names no engine" in lingo_errors()["lingo.E001"]
    assert machine_translate(["Mận hậu Bắc Hà"], source="vi", target="en") is None


def test_libretranslate_without_an_address_is_reported_and_translates_nothing(settings):
    settings.TRANSLATION_ENGINE = "libretranslate"
    settings.LIBRETRANSLATE_URL = ""

    assert "lingo.E002" in lingo_errors()
    assert machine_translate(["Mận hậu Bắc Hà"], source="vi", target="en") is None
