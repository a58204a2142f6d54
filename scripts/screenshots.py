"""A PNG of every page type at phone (390 px) and desktop (1280 px) width, into docs/screenshots/.

    make screenshots        # or: .venv/bin/python scripts/screenshots.py [--out DIR]

Serves the bundled sample as the browser tests do (tests/browser/sample_site.py: a gunicorn
over a SQLite copy kept under var/browser-site/), drives the system Chromium with Playwright,
and shoots the first screen of each page (the viewport, not the whole page, so the files stay
small; with Pillow installed they are also reduced to 256 colours). The reader's own pages are
shot signed in as the sample's reader.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import sample_site  # noqa: E402 - needs the repository root on the path
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    sign_in,
)

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SIGNED_IN = {"saved"}  # pages shot as the signed-in reader; the rest as a visitor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="newsstand-screenshots-"))
    try:
        sample_site.prepare(home)
        with sample_site.serve(home) as base_url, sync_playwright() as playwright:
            paths = sample_site.page_paths(base_url)
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for width_name, viewport in WIDTHS.items():
                for signed_in in (False, True):
                    context = browser.new_context(
                        base_url=base_url, viewport=viewport, device_scale_factor=1
                    )
                    page = context.new_page()
                    if signed_in:
                        sign_in(page)
                    for name, path in paths.items():
                        if (name in SIGNED_IN) != signed_in or name == "related":
                            continue
                        page.goto(path)
                        page.wait_for_load_state("networkidle")
                        target = args.out / f"{name}-{width_name}.png"
                        page.screenshot(path=str(target), animations="disabled")
                        shrink(target)
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                    context.close()
            browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def shrink(path: Path) -> None:
    """256 colours are plenty for pages of text; without Pillow the PNG stays as shot."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


if __name__ == "__main__":
    main()
