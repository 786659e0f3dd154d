"""``manage.py check`` says when the configured translation engine cannot work, so that an
operator learns it at deployment rather than from a queue of texts no machine translated.

Only the configuration is checked: no request is sent and no model is loaded here, since checks
run before every management command.
"""

from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from banso.lingo.engines import ENGINES
from banso.lingo.engines.argos import model_problems


@register()
def engine_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    name = settings.TRANSLATION_ENGINE
    if not name:
        return []
    if name not in ENGINES:
        return [
            Error(
                f"BANSO_TRANSLATION_ENGINE={name!r} names no engine.",
                hint=f"Use one of {sorted(ENGINES)}, or leave it empty.",
                id="lingo.E001",
            )
        ]
    if name == "libretranslate":
        return _libretranslate_errors()
    return _argos_errors()


def _libretranslate_errors() -> list[CheckMessage]:
    if str(settings.LIBRETRANSLATE_URL).startswith(("http://", "https://")):
        return []
    return [
        Error(
            "BANSO_TRANSLATION_ENGINE=libretranslate needs the server's address.",
            hint="Set BANSO_LIBRETRANSLATE_URL, e.g. http://127.0.0.1:5000.",
            id="lingo.E002",
        )
    ]


def _argos_errors() -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if find_spec("argostranslate") is None:
        errors.append(
            Error(
                "BANSO_TRANSLATION_ENGINE=argos but the argostranslate package is not installed.",
                hint='Install it with pip install -e ".[argos]".',
                id="lingo.E003",
            )
        )
    paths = settings.ARGOS_MODEL_PATHS
    problems = model_problems([paths] if isinstance(paths, str) else list(paths))
    if problems:
        errors.append(
            Error(
                "The Argos model files cannot be used: " + "; ".join(problems) + ".",
                hint=(
                    "Download the .argosmodel files (vi → en, en → zh) on a machine with"
                    " internet, copy them here and list them in BANSO_ARGOS_MODEL_PATHS."
                ),
                id="lingo.E004",
            )
        )
    return errors
