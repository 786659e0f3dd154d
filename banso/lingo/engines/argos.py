"""Argos Translate, in this process, from model files the operator installs.

No Vietnamese model may be downloaded at run time: the operator downloads the ``.argosmodel``
files on a machine with internet and lists them (or directories of them, or of unpacked
packages) in ``BANSO_ARGOS_MODEL_PATHS``. They are unpacked under ``var/argos/`` (Argos' own
package directory, pointed there before it is imported, so that nothing is written to the home
directory) and loaded once per process. ``argostranslate`` pulls in torch and stanza, so it is
an optional extra (``pip install -e ".[argos]"``), imported only when this engine is
configured. Argos chains two models through English when it has no direct one (vi → en → zh).
"""

import functools
import os
import zipfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from django.conf import settings

from banso.lingo.engines.base import LANGUAGE_CODES, EngineError

# Argos' codes for ours: its Chinese model is Simplified Chinese, "zh" ("zt" is Traditional).
ARGOS_CODES = {"vi": "vi", "en": "en", "zh-hans": "zh"}
DJANGO_CODES = {argos: django for django, argos in ARGOS_CODES.items()}


def model_problems(paths: list[str]) -> list[str]:
    """What is wrong with the configured model paths, without loading anything (the system
    check runs this at every ``manage.py`` command)."""
    if not paths:
        return ["BANSO_ARGOS_MODEL_PATHS lists no model file"]
    problems = []
    for path in map(Path, paths):
        if not path.exists():
            problems.append(f"{path} does not exist")
        elif path.is_file() and not zipfile.is_zipfile(path):
            problems.append(f"{path} is not an .argosmodel file (a zip archive)")
        elif path.is_dir() and not _model_files(path) and not _unpacked_packages(path):
            problems.append(f"{path} holds no .argosmodel file and no unpacked package")
    return problems


def _model_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.argosmodel"))


def _unpacked_packages(directory: Path) -> list[Path]:
    return sorted(entry for entry in directory.iterdir() if (entry / "metadata.json").is_file())


def _packages_dir() -> Path:
    return Path(settings.VAR_DIR) / "argos" / "packages"


def _unpack(model: Path, into: Path) -> None:
    """Unpack ``model`` into ``into`` unless an earlier start did. Members that would land
    outside ``into`` are refused: a model file is a zip from the internet."""
    with zipfile.ZipFile(model) as archive:
        names = archive.namelist()
        top = names[0].split("/")[0] if names else ""
        if not top or (into / top / "metadata.json").is_file():
            return
        root = into.resolve()
        for name in names:
            if not (root / name).resolve().is_relative_to(root):
                raise EngineError(f"{model}: {name} would be written outside {root}")
        archive.extractall(root)


@functools.lru_cache(maxsize=1)
def _installed_languages(paths: tuple[str, ...]) -> list[Any]:
    """Argos' languages with their translations, loaded from ``paths`` once per process."""
    if problems := model_problems(list(paths)):
        raise EngineError("; ".join(problems))
    if find_spec("argostranslate") is None:
        raise EngineError('the argostranslate package is not installed (pip install -e ".[argos]")')
    packages_dir = _packages_dir()
    packages_dir.mkdir(parents=True, exist_ok=True)
    # Argos reads its package directory when it is first imported.
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(packages_dir))
    import argostranslate.settings
    import argostranslate.translate

    directories = [Path(argostranslate.settings.package_data_dir)]
    for path in map(Path, paths):
        if path.is_file():
            _unpack(path, directories[0])
        else:
            for model in _model_files(path):
                _unpack(model, directories[0])
            if _unpacked_packages(path):
                directories.append(path)
    argostranslate.settings.package_dirs[:] = list(dict.fromkeys(directories))
    return list(argostranslate.translate.get_installed_languages())


class ArgosEngine:
    name = "argos"

    def __init__(self) -> None:
        paths = settings.ARGOS_MODEL_PATHS
        self.languages_installed = _installed_languages(
            tuple(str(path) for path in ([paths] if isinstance(paths, str) else paths))
        )

    def languages(self) -> set[tuple[str, str]]:
        pairs = set()
        for language in self.languages_installed:
            for translation in language.translations_from:
                source = DJANGO_CODES.get(language.code)
                target = DJANGO_CODES.get(translation.to_lang.code)
                if source in LANGUAGE_CODES and target in LANGUAGE_CODES and source != target:
                    pairs.add((source, target))
        return pairs

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        by_code = {language.code: language for language in self.languages_installed}
        source_language = by_code.get(ARGOS_CODES.get(source, ""))
        target_language = by_code.get(ARGOS_CODES.get(target, ""))
        translation = (
            source_language.get_translation(target_language)
            if source_language is not None and target_language is not None
            else None
        )
        if translation is None:
            raise EngineError(f"no Argos model translates {source} → {target}")
        try:
            return [str(translation.translate(text)) for text in texts]
        except Exception as error:
            raise EngineError(f"Argos failed: {error}") from error
