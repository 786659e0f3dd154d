"""Draw the marketplace's demo pictures (banso/market/data/demo-*.webp) with Pillow.

The pictures are made here, not taken from anywhere, so they are ours to ship. Run from the
repository root to draw them again: `.venv/bin/python scripts/demo_pictures.py`. Each is a
640 × 480 WebP well under 30 KB, drawn at twice the size and scaled down so
the edges are smooth.
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 640, 480
SCALE = 2
OUT = Path(__file__).resolve().parent.parent / "banso" / "market" / "data"


def _canvas(top: tuple, bottom: tuple) -> Image.Image:
    """A vertical gradient from ``top`` to ``bottom``."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT * SCALE):
        t = y / (HEIGHT * SCALE - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH * SCALE, y)], fill=colour)
    return image


def _fruit(draw, x, y, r, base, light, dark) -> None:
    """A round fruit with a shaded side and a highlight."""
    draw.ellipse([x - r, y - r, x + r, y + r], fill=dark)
    draw.ellipse([x - r * 0.92, y - r * 0.95, x + r * 0.85, y + r * 0.82], fill=base)
    draw.ellipse([x - r * 0.55, y - r * 0.6, x - r * 0.05, y - r * 0.15], fill=light)


def _leaf(image, x, y, length, width, angle, colour, vein) -> None:
    layer = Image.new("RGBA", (int(length * 2.2), int(length * 2.2)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx = cy = length * 1.1
    draw.ellipse([cx - length, cy - width, cx + length, cy + width], fill=colour)
    draw.line(
        [(cx - length * 0.95, cy), (cx + length * 0.9, cy)], fill=vein, width=max(2, int(width / 8))
    )
    for k in range(-3, 4):
        px = cx + k * length / 4.5
        draw.line([(px, cy), (px + length / 5, cy - width * 0.7)], fill=vein, width=2)
        draw.line([(px, cy), (px + length / 5, cy + width * 0.7)], fill=vein, width=2)
    layer = layer.rotate(angle, resample=Image.BICUBIC)
    image.paste(layer, (int(x - cx), int(y - cy)), layer)


def tangerines(rng) -> Image.Image:
    image = _canvas((120, 78, 44), (70, 42, 22))
    draw = ImageDraw.Draw(image)
    for _ in range(9):
        _leaf(
            image,
            rng.uniform(0, 1280),
            rng.uniform(0, 960),
            110,
            38,
            rng.uniform(0, 360),
            (46, 110, 52),
            (90, 160, 90),
        )
    spots = [
        (x, y) for y in range(120, 1000, 190) for x in range(100 + (y // 190 % 2) * 95, 1340, 190)
    ]
    for x, y in spots:
        r = rng.uniform(82, 98)
        _fruit(
            draw,
            x + rng.uniform(-20, 20),
            y + rng.uniform(-20, 20),
            r,
            (240, 140, 30),
            (255, 200, 110),
            (196, 96, 18),
        )
    for _ in range(6):
        _leaf(
            image,
            rng.uniform(0, 1280),
            rng.uniform(0, 960),
            90,
            30,
            rng.uniform(0, 360),
            (56, 128, 60),
            (110, 180, 100),
        )
    return image


def plums(rng) -> Image.Image:
    image = _canvas((206, 226, 190), (150, 186, 130))
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        _leaf(
            image,
            rng.uniform(0, 1280),
            rng.uniform(0, 960),
            120,
            40,
            rng.uniform(0, 360),
            (62, 130, 62),
            (120, 180, 110),
        )
    for y in range(130, 1040, 190):
        for x in range(100 + (y // 190 % 2) * 95, 1360, 190):
            r = rng.uniform(80, 94)
            _fruit(
                draw,
                x + rng.uniform(-15, 15),
                y + rng.uniform(-15, 15),
                r,
                (150, 40, 70),
                (205, 120, 150),
                (96, 22, 48),
            )
    return image


def tea(rng) -> Image.Image:
    image = _canvas((58, 44, 30), (30, 22, 14))
    for _ in range(38):
        shade = rng.randint(-20, 20)
        _leaf(
            image,
            rng.uniform(-40, 1320),
            rng.uniform(-40, 1000),
            rng.uniform(90, 140),
            rng.uniform(34, 46),
            rng.uniform(0, 360),
            (70 + shade, 140 + shade, 60 + shade),
            (150 + shade, 200, 130),
        )
    draw = ImageDraw.Draw(image)
    draw.ellipse([820, 560, 1220, 900], fill=(236, 230, 214))
    draw.ellipse([850, 590, 1190, 860], fill=(190, 150, 60))
    draw.ellipse([880, 615, 1010, 690], fill=(222, 190, 110))
    return image


def scarf(rng) -> Image.Image:
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), (28, 40, 92))
    draw = ImageDraw.Draw(image)
    colours = [(200, 40, 50), (240, 190, 40), (240, 236, 226), (40, 150, 110), (230, 110, 40)]
    for band, top in enumerate(range(0, HEIGHT * SCALE, 160)):
        colour = colours[band % len(colours)]
        accent = colours[(band + 2) % len(colours)]
        draw.rectangle([0, top, WIDTH * SCALE, top + 10], fill=accent)
        for x in range(-80, WIDTH * SCALE + 80, 160):
            cx, cy = x + (band % 2) * 80, top + 85
            draw.polygon([(cx, cy - 60), (cx + 60, cy), (cx, cy + 60), (cx - 60, cy)], fill=colour)
            draw.polygon(
                [(cx, cy - 30), (cx + 30, cy), (cx, cy + 30), (cx - 30, cy)], fill=(28, 40, 92)
            )
            draw.rectangle([cx - 8, cy - 8, cx + 8, cy + 8], fill=accent)
    return image


def greens(rng) -> Image.Image:
    image = _canvas((120, 96, 70), (84, 64, 44))
    for _ in range(26):
        shade = rng.randint(-25, 25)
        _leaf(
            image,
            rng.uniform(-40, 1320),
            rng.uniform(-40, 1000),
            rng.uniform(170, 230),
            rng.uniform(80, 110),
            rng.uniform(0, 360),
            (60 + shade, 150 + shade, 70 + shade),
            (170, 220, 160),
        )
    return image


def landscape(rng, sky, hills, sun=True, terraces=False) -> Image.Image:
    image = _canvas(*sky)
    draw = ImageDraw.Draw(image)
    if sun:
        draw.ellipse([980, 120, 1120, 260], fill=(255, 236, 180))
    for index, colour in enumerate(hills):
        base = 420 + index * 150
        amplitude = 150 - index * 20
        phase = rng.uniform(0, math.tau)
        points = [(0, HEIGHT * SCALE)]
        for x in range(0, WIDTH * SCALE + 20, 20):
            y = base - amplitude * (
                0.6 * math.sin(x / 180 + phase) + 0.4 * math.sin(x / 71 + phase * 2)
            )
            points.append((x, y))
        points.append((WIDTH * SCALE, HEIGHT * SCALE))
        draw.polygon(points, fill=colour)
        if terraces and index >= 1:
            lighter = tuple(min(255, c + 28) for c in colour)
            for step in range(1, 7):
                line = [(x, y + step * 26) for x, y in points[1:-1]]
                draw.line(line, fill=lighter, width=4)
    return image.filter(ImageFilter.SMOOTH)


def main() -> None:
    rng = random.Random(2025)  # noqa: S311 - the same pictures at every run, not a secret
    pictures = {
        "demo-quyt.webp": tangerines(rng),
        "demo-man.webp": plums(rng),
        "demo-che.webp": tea(rng),
        "demo-tho-cam.webp": scarf(rng),
        "demo-cai-meo.webp": greens(rng),
        "demo-shop-muong-khuong.webp": landscape(
            rng, ((150, 196, 230), (228, 236, 240)), [(150, 160, 170), (96, 140, 96), (60, 110, 60)]
        ),
        "demo-shop-bac-ha.webp": landscape(
            rng,
            ((180, 200, 236), (250, 230, 220)),
            [(170, 150, 190), (110, 150, 90), (70, 120, 70)],
            terraces=True,
        ),
        "demo-shop-muong-hoa.webp": landscape(
            rng,
            ((120, 170, 220), (210, 226, 236)),
            [(110, 130, 150), (120, 170, 80), (80, 140, 50)],
            terraces=True,
        ),
        "demo-shop-hoa-dao.webp": landscape(
            rng,
            ((200, 210, 226), (240, 240, 236)),
            [(150, 160, 176), (90, 130, 100), (50, 100, 70)],
            sun=False,
        ),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name, image in pictures.items():
        small = image.resize((WIDTH, HEIGHT), Image.LANCZOS)
        path = OUT / name
        small.save(path, format="WEBP", quality=62, method=6)
        print(f"{path.name}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
