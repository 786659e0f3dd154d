"""schema.org data (JSON-LD) for a page's ``<script type="application/ld+json">``."""

import json

from django.utils.safestring import SafeString, mark_safe


def jsonld(data: dict) -> SafeString:
    """``data`` as JSON safe inside HTML: the markup characters are escaped as JSON escapes, so
    a name holding ``</script>`` cannot end the script."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 (the only markup characters are escaped above)
