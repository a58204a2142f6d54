"""Draw the app's PNG icons from the site mark (run once; the PNGs are committed).

    .venv/bin/python scripts/draw_app_icons.py

The mark is the favicon's: a white N on the accent red, here drawn 4x larger and scaled down
for smooth edges. Maskable icons fill the square and keep the N inside the 80% safe zone.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (179, 38, 30, 255)  # #b3261e, the site's --accent
WHITE = (255, 255, 255, 255)
# The N of favicon.svg on its 32-unit grid.
LETTER_N = [(9, 23), (9, 9), (12.2, 9), (19.2, 18.3), (19.2, 9), (23, 9), (23, 23), (19.8, 23),
            (12.8, 13.7), (12.8, 23)]  # fmt: skip
ICONS = Path(__file__).resolve().parent.parent / "newsstand/web/static/web/icons"
SUPERSAMPLE = 4


def draw_icon(size: int, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=ACCENT)
        scale, offset = big / 32 * 0.7, big * 0.15  # the N well inside the safe zone
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 / 32, fill=ACCENT)
        scale, offset = big / 32, 0
    draw.polygon([(x * scale + offset, y * scale + offset) for x, y in LETTER_N], fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw_icon(size, maskable=False).save(ICONS / f"icon-{size}.png", optimize=True)
    draw_icon(512, maskable=True).save(ICONS / "maskable-512.png", optimize=True)
    # iOS puts its own rounded mask on a full square.
    draw_icon(180, maskable=True).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
