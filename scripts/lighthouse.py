"""Lighthouse (npm `lighthouse`, with Debian's Chromium) on the main pages of a running site.

Mobile preset (Lighthouse's default: an emulated mid-range phone on a throttled
network), one run per page. For each page: the four category scores (performance,
accessibility, best practices, SEO, 0–100) and total blocking time, largest
contentful paint (ms) and cumulative layout shift.

    python scripts/lighthouse.py --base http://127.0.0.1:8000 [--json out.json] [PATH ...]

`measure(base, paths)` returns the same rows for scripts/bench.py; `markdown(rows)`
renders them as a table. The site must be served with the production settings (static
files compressed by WhiteNoise, DEBUG off), as `make run` and the benchmark serve it.
Needs `npm ci` (node_modules/.bin/lighthouse) and /usr/bin/chromium (or CHROME_PATH).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# The main pages, on the pilot edition, whose data every installation loads (the pages
# with the most charts are the dashboard, the survey and the map).
MAIN_PAGES = [
    "/?edition=pilotaz-2017-2019",
    "/program/",
    "/sieci/?edition=pilotaz-2017-2019",
    "/sieci/pilotaz-2017-2019/rewitalizacja/",
    "/czlonkowie/?edition=pilotaz-2017-2019",
    "/czlonkowie/torun/",
    "/mapa/?edition=pilotaz-2017-2019",
    "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/",
    "/zalecenia/?edition=pilotaz-2017-2019",
    "/zrodla/",
    "/deklaracja-dostepnosci/",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def audit(url: str) -> dict:
    """One Lighthouse run of `url`: {page, performance, accessibility, best-practices, seo,
    tbt_ms, lcp_ms, cls}. Takes ~15–30 s."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=240,
        )
        data = json.loads(report.read_text())
    audits = data["audits"]
    row = {category: round(data["categories"][category]["score"] * 100) for category in CATEGORIES}
    row.update(
        tbt_ms=round(audits["total-blocking-time"]["numericValue"]),
        lcp_ms=round(audits["largest-contentful-paint"]["numericValue"]),
        cls=round(audits["cumulative-layout-shift"]["numericValue"], 3),
    )
    return row


def measure(base: str, paths: list[str] | None = None) -> list[dict]:
    """Lighthouse on each of `paths` (default: the main pages) of the site at `base`."""
    if not LIGHTHOUSE.exists():
        raise SystemExit("No node_modules/.bin/lighthouse: run `npm ci` first.")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"No Chromium at {CHROMIUM} (set CHROME_PATH).")
    rows = []
    for path in paths or MAIN_PAGES:
        row = {"page": path, **audit(base.rstrip("/") + path)}
        print(
            f"{path}: performance {row['performance']}, accessibility {row['accessibility']}, "
            f"best practices {row['best-practices']}, SEO {row['seo']}; "
            f"TBT {row['tbt_ms']} ms, LCP {row['lcp_ms']} ms, CLS {row['cls']}",
            file=sys.stderr,
        )
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| page | performance | accessibility | best practices | SEO | TBT (ms) | LCP (ms) | CLS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| `{row['page']}` | {row['performance']} | {row['accessibility']} | {row['best-practices']} "
            f"| {row['seo']} | {row['tbt_ms']} | {row['lcp_ms']} | {row['cls']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running site's address")
    parser.add_argument("--json", type=Path, help="also write the rows to this file as JSON")
    parser.add_argument("paths", nargs="*", help="pages to audit (default: the main pages)")
    args = parser.parse_args()
    rows = measure(args.base, args.paths or None)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    sys.stdout.write(markdown(rows))


if __name__ == "__main__":
    main()
