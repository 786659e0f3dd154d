"""``{% picture %}``: an uploaded picture as pages show it, resized copies only.

    {% load pictures %}
    {% picture photo.image alt=photo.caption sizes="96px" width=96 height=96 %}

renders ``<img src=… srcset=… sizes=… width=… height=…>`` over the picture's WebP copies (see
``banso.common.pictures``), never the stored original. ``width`` and ``height`` are the box the
page lays the picture in (the narrowest copy's size when not given), so the page does not jump
while it loads. A picture with no copy yet (stored before pictures were re-encoded) shows as an
empty box of that size.
"""

from django import template
from django.utils.html import format_html, format_html_join

from banso.common.pictures import rendition_name

register = template.Library()


@register.simple_tag
def picture(
    file,
    *,
    alt: str = "",
    sizes: str = "100vw",
    width: int | None = None,
    height: int | None = None,
    css_class: str = "",
    loading: str = "lazy",
) -> str:
    renditions = getattr(file, "renditions", None) or []
    if not renditions:
        box = format_html(";width:{}px;height:{}px", width, height) if width and height else ""
        return format_html(
            '<span class="picture-pending {}" role="img" aria-label="{}" style="display:'
            'inline-block;max-width:100%;background:#e4e9e4{}"></span>',
            css_class,
            alt,
            box,
        )
    smallest = renditions[0]
    storage, name = file.storage, file.name
    srcset = format_html_join(
        ", ",
        "{} {}w",
        (
            (storage.url(rendition_name(name, rendition["width"])), rendition["width"])
            for rendition in renditions
        ),
    )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} loading="{}" '
        'decoding="async">',
        storage.url(rendition_name(name, smallest["width"])),
        srcset,
        sizes,
        width or smallest["width"],
        height or smallest["height"],
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        loading,
    )
