"""Uploads made the way people make them: a phone photo with its EXIF, a crafted file."""

import re
from functools import cache
from html import unescape
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

# EXIF tags: GPS block, orientation, camera make and model.
GPS_IFD, ORIENTATION, MAKE, MODEL = 0x8825, 0x0112, 0x010F, 0x0110
# A farm near Mường Khương, as a phone writes it: degrees, minutes, seconds.
GPS_POSITION = {1: "N", 2: (22.0, 41.0, 12.5), 3: "E", 4: (104.0, 7.0, 33.1)}


@cache
def phone_photo(size: tuple[int, int] = (4000, 3000), orientation: int = 1) -> bytes:
    """A photo as a phone takes it: JPEG, millions of pixels, with grain, GPS position and the
    phone's make in its EXIF."""
    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.effect_noise(size, 48)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for step in range(0, width, width // 12):
        draw.ellipse((step, height // 4, step + width // 10, height // 2), fill=(230, 140, 20))
    grain = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, grain, 0.25)
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Xiaomi", "Redmi Note 13", orientation
    exif.get_ifd(GPS_IFD).update(GPS_POSITION)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def phone_photo_upload(name: str = "IMG_20250612_081502.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, phone_photo(**kwargs), content_type="image/jpeg")


@cache
def huge_png(side: int = 9_400) -> bytes:
    """A PNG of ``side`` × ``side`` pixels of one colour: tens of KB that decode to hundreds
    of MB."""
    buffer = BytesIO()
    Image.new("L", (side, side), 255).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def pdf_named_html() -> SimpleUploadedFile:
    """A file that starts like a PDF and goes on as a web page, named to be served as one."""
    body = b"%PDF-1.4\n<html><script>document.title='owned'</script></html>\n%%EOF\n"
    return SimpleUploadedFile("cert.html", body, content_type="text/html")


def page_images(html: str) -> list[str]:
    """Every picture address a page's ``<img>`` tags name, in ``src`` or ``srcset``."""
    addresses = []
    for tag in re.findall(r"<img\b[^>]*>", html):
        if source := re.search(r'\bsrc="([^"]+)"', tag):
            addresses.append(unescape(source.group(1)))
        if candidates := re.search(r'\bsrcset="([^"]+)"', tag):
            for candidate in unescape(candidates.group(1)).split(","):
                addresses.append(candidate.split()[0])
    return addresses


def images_weight(client, html: str) -> int:
    """Bytes of every picture the page names (each candidate of a ``srcset`` counted, though a
    browser fetches one), fetched through the site's media address."""
    total = 0
    for address in set(page_images(html)):
        response = client.get(address)
        assert response.status_code == 200, address
        total += len(b"".join(response.streaming_content))
    return total
