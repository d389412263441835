"""Screenshots of the main pages at desktop and phone widths, for docs/screenshots/.

Usage: python scripts/screenshots.py [BASE_URL] [OUTPUT_DIR]
Needs a running site (`make run`), Playwright for Python and Debian's chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "dashboard": "/",
    "programme": "/program/",
    "networks": "/sieci/",
    "network": "/sieci/pilotaz-2017-2019/rewitalizacja/",
    "members": "/czlonkowie/",
    "member-card": "/czlonkowie/torun/",
    "member-card-two-editions": "/czlonkowie/gdynia/",
    "map": "/mapa/",
    "map-by-status": "/mapa/?edition=pilotaz-2017-2019&colour=status",
    "survey": "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/",
    "recommendations": "/zalecenia/",
    "documents": "/dokumenty/",
    "search": "/szukaj/?q=zdunska+wola",
    "report": "/raport/pilotaz-2017-2019/",
}
# Pages a ministry official reads in English too.
ENGLISH = ["dashboard", "network", "member-card", "member-card-two-editions", "survey"]
WIDTHS = {"desktop": 1280, "phone": 390}


def _shoot(page, url: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Charts are drawn as they scroll into view: draw them all for a full-page picture.
    page.evaluate("() => window.PIM && window.PIM.drawAll ? window.PIM.drawAll() : null")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=path, full_page=True)


def main(base_url: str, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        for width_name, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                _shoot(page, base_url + path, output / f"{name}-{width_name}.png")
            page.goto(base_url + "/jezyk/en/")
            for name in ENGLISH:
                _shoot(page, base_url + PAGES[name], output / f"{name}-{width_name}-en.png")
            page.goto(base_url + "/jezyk/pl/")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"),
    )
