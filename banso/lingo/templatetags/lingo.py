"""Content in the visitor's language, in templates.

``{% translated product "description" as story %}`` gives the field in the active language
(see :func:`banso.lingo.selectors.translated`): ``{{ story.text }}``, ``{{ story.language }}``
for the ``lang`` attribute, and ``{% lingo_mark story %}`` for the small mark a visitor sees
when the text is not (yet, or no longer) a reviewed translation.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from banso.lingo.selectors import Translated, translated

register = template.Library()


@register.simple_tag(name="translated")
def translated_tag(instance, field: str) -> Translated:
    return translated(instance, field)


@register.inclusion_tag("lingo/mark.html")
def lingo_mark(value: Translated) -> dict:
    source_language = get_language_info(settings.LANGUAGE_CODE)["name_translated"]
    return {"status": getattr(value, "status", "source"), "source_language": source_language}
