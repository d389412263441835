"""Screenshots of the main pages at desktop and phone widths, for docs/screenshots/.

Usage: python scripts/screenshots.py [BASE_URL] [OUTPUT_DIR]
Needs a running site (`make run`), Playwright for Python and Debian's chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "dashboard": "/",
    "networks": "/sieci/",
    "network": "/sieci/pilotaz-2017-2019/rewitalizacja/",
    "members": "/czlonkowie/",
    "member-card": "/czlonkowie/torun/",
    "map": "/mapa/",
    "survey": "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/",
    "recommendations": "/zalecenia/",
}
WIDTHS = {"desktop": 1280, "phone": 390}


def main(base_url: str, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        for width_name, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                page.goto(base_url + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=output / f"{name}-{width_name}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"),
    )
