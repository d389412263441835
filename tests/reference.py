"""The published figures of the pilot, read from the project's reference notes.

Tests compare what the code computes with these; nothing here is typed by hand.
The notes live in `../shared/reference/` beside the repository (PIM_REFERENCE_DIR
overrides it). A missing file fails the tests loudly rather than skipping them.
"""

import os
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(
    os.environ.get(
        "PIM_REFERENCE_DIR", Path(__file__).resolve().parent.parent.parent / "shared" / "reference"
    )
)

LIKERT_COLUMNS = {"Zdecydowanie tak": 5, "Raczej tak": 4, "Ani tak, ani nie": 3}
NETWORK_COLUMNS = ["Jakość powietrza", "Mobilność miejska", "Rewitalizacja"]


def _text(name: str) -> str:
    path = REFERENCE_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"reference notes not found at {path}; set PIM_REFERENCE_DIR")
    return path.read_text("utf-8")


def _table_after(text: str, heading_pattern: str) -> list[list[str]]:
    """Rows (cells stripped) of the first markdown table at or after a line matching the pattern."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(heading_pattern, line))
    if not lines[start].startswith("|"):
        start += 1
    rows = []
    for line in lines[start:]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= set("-: ") for cell in cells):
                rows.append(cells)
        elif rows:
            break
    return rows


def _percent(cell: str) -> Decimal | None:
    match = re.match(r"([\d.]+) %", cell)
    return Decimal(match.group(1)) if match else None


@cache
def goal_shares() -> dict[int, dict]:
    """{goal number: {5: %, 4: %, 3: %, "not shown": % or None}}."""
    header, *rows = _table_after(_text("published-figures.md"), r"^Goal assessments")
    result = {}
    for row in rows:
        number = int(row[0].split(".")[0])
        shares = {
            LIKERT_COLUMNS[name]: _percent(cell) for name, cell in zip(header[1:4], row[1:4], strict=True)
        }
        shares["not shown"] = _percent(row[4])
        result[number] = shares
    return result


@cache
def support_form_means() -> dict[str, Decimal]:
    """{form of support as printed: mean rating}."""
    _, *rows = _table_after(_text("published-figures.md"), r"^Support forms, mean rating")
    return {row[0]: Decimal(row[1]) for row in rows}


@cache
def recommendation_counts() -> dict[int, int]:
    """{Likert value: respondents} for "would you recommend PIM", as the notes derive them."""
    text = _text("published-figures.md")
    match = re.search(r"with (\d+) respondents: (\d+), (\d+), and (\d+) neither", text)
    _, definitely, rather, neither = (int(group) for group in match.groups())
    return {5: definitely, 4: rather, 3: neither}


@cache
def respondents() -> int:
    return int(re.search(r"the survey had (\d+) respondents", _text("published-figures.md")).group(1))


@cache
def mid_status_table() -> dict[str, dict[str, tuple[int, int]]]:
    """{"drafts"|"complete": {network name: (value, out of)}}."""
    header, *rows = _table_after(_text("published-figures.md"), r"^## MID status")
    table = {}
    for row in rows:
        key = "drafts" if "drafts" in row[0] else "complete"
        table[key] = {
            network: tuple(int(n) for n in re.match(r"(\d+) \(of (\d+)\)", cell).groups())
            for network, cell in zip(header[1:], row[1:], strict=True)
        }
    return table


@cache
def published_member_total() -> int:
    return int(re.search(r"(\d+) members in 3 thematic networks", _text("published-figures.md")).group(1))


@cache
def named_members() -> list[dict]:
    """The members table of pim-members.md: member, network, kind, voivodeship, leader, source."""
    header, *rows = _table_after(_text("pim-members.md"), r"^\| member \| network")
    return [dict(zip(header, row, strict=True)) for row in rows]


@cache
def revitalisation_recommendation_count() -> int:
    text = _text("published-figures.md")
    section = text.split("## Recommendations of the revitalisation network")[1].split("\n## ")[0]
    return len(re.findall(r"^\d+\. ", section, flags=re.MULTILINE))
