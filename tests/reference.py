"""The published figures and the named members of every edition, read from the project's
reference notes.

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
def recommendation_counts() -> dict[int | str, int]:
    """{Likert value: respondents} for "would you recommend PIM", as the notes derive them.

    The source explains two groups ("2/3 definitely", "a further 30 % rather") and says nobody
    was negative; the rest is not explained by the source, like goal 4's remainder: "not shown".
    """
    text = _text("published-figures.md")
    match = re.search(r"with (\d+) respondents: (\d+), (\d+), and (\d+) neither", text)
    total, definitely, rather, _ = (int(group) for group in match.groups())
    return {5: definitely, 4: rather, "not shown": total - definitely - rather}


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
def mid_status_dates() -> dict[str, tuple[int, int] | None]:
    """{"drafts"|"complete": (year, month) the table's row is dated to, or None when undated}."""
    _, *rows = _table_after(_text("published-figures.md"), r"^## MID status")
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    dates = {}
    for row in rows:
        key = "drafts" if "drafts" in row[0] else "complete"
        match = re.search(r"\((" + "|".join(months) + r") (\d{4})\)", row[0])
        dates[key] = (int(match.group(2)), months.index(match.group(1)) + 1) if match else None
    return dates


@cache
def published_member_total() -> int:
    return int(re.search(r"(\d+) members in 3 thematic networks", _text("published-figures.md")).group(1))


@cache
def named_members() -> list[dict]:
    """The pilot's members table of pim-members.md: member, network, kind, voivodeship, leader, source."""
    header, *rows = _table_after(_text("pim-members.md"), r"^\| member \| network")
    return [dict(zip(header, row, strict=True)) for row in rows]


@cache
def revitalisation_recommendation_count() -> int:
    text = _text("published-figures.md")
    section = text.split("## Recommendations of the revitalisation network")[1].split("\n## ")[0]
    return len(re.findall(r"^\d+\. ", section, flags=re.MULTILINE))


# --- Later editions -----------------------------------------------------------------------

PILOT, PIM_2, PIM_3 = "pilot", "PIM 2", "PIM 3"


def _section(heading_pattern: str, end_pattern: str | None = None) -> str:
    text = _text("pim-members.md")
    start = re.search(heading_pattern, text, flags=re.MULTILINE).start()
    rest = text[start:]
    if end_pattern:
        end = re.search(end_pattern, rest[1:], flags=re.MULTILINE)
        rest = rest[: end.start() + 1] if end else rest
    return rest


@cache
def edition_years() -> dict[str, tuple[int, int]]:
    """{"PIM 2": (2021, 2023), "PIM 3": (2024, 2026)} as the notes give them."""
    text = _text("pim-members.md")
    return {
        edition: tuple(
            int(year) for year in re.search(rf"^{edition} \((\d{{4}})–(\d{{4}})", text, re.M).groups()
        )
        for edition in (PIM_2, PIM_3)
    }


def _prose(name: str) -> str:
    """A note's text with its line breaks and runs of spaces made single spaces."""
    return " ".join(_text(name).split())


@cache
def edition_networks() -> dict[str, list[str]]:
    """Network names of the later editions, in the order the notes list them."""
    result = {}
    for edition in (PIM_2, PIM_3):
        listed = re.search(
            rf"{edition} \(\d{{4}}–\d{{4}}[^)]*\): networks ([^;]+);", _prose("pim-members.md")
        )
        names = re.sub(r"\([^)]*\)", "", listed.group(1))
        result[edition] = [name.strip() for name in re.split(r",| and ", names) if name.strip()]
    return result


@cache
def later_edition_members() -> dict[str, list[dict]]:
    """{"PIM 2": [{member, network, source}…], "PIM 3": […]}: the tables of the notes, plus the
    members whose network no source states (network None)."""
    pim2 = _section(r"^PIM 2 \(2021–2023", r"^PIM 3 \(2024")
    pim3 = _section(r"^PIM 3 \(2024–2026\)")
    result = {}
    for edition, section in ((PIM_2, pim2), (PIM_3, pim3)):
        header, *rows = _table_after(section, r"^\| member \| network")
        result[edition] = [dict(zip(header, row, strict=True)) for row in rows]
        for name, source in re.findall(
            r"^(\S+) took part in PIM 3 \((S\d+)\), network not known", section, re.M
        ):
            result[edition].append({"member": name, "network": None, "source": source})
    return result


@cache
def later_edition_member_totals() -> dict[str, tuple[int, str]]:
    """{edition: (published number of members, source code)} for the later editions."""
    text = _prose("pim-members.md")
    pim2 = re.search(r"(\d+) in the final report \((S\d+)\)", text)
    pim3 = re.search(r"Miasto dostępnych mieszkań \([^)]*\); (\d+) members \((S\d+)\)", text)
    return {PIM_2: (int(pim2.group(1)), pim2.group(2)), PIM_3: (int(pim3.group(1)), pim3.group(2))}


@cache
def later_network_member_totals() -> dict[str, tuple[int, str]]:
    """{network name: (published number of members, source)} where the notes give one."""
    text = _prose("pim-members.md")
    totals = {}
    match = re.search(r"(Miasto \w+) has (\d+) members \((S\d+)\)", text)
    totals[match.group(1)] = (int(match.group(2)), match.group(3))
    # S15 and S16 list each PIM 3 network's members in full ("listed below").
    for name, source in ((n, r["source"]) for r in later_edition_members()[PIM_3] if (n := r["network"])):
        totals.setdefault(name, (0, source))
    for name in list(totals):
        if name in edition_networks()[PIM_3]:
            count = sum(1 for row in later_edition_members()[PIM_3] if row["network"] == name)
            totals[name] = (count, totals[name][1])
    return totals


def all_named_member_names() -> set[str]:
    """Every member any edition's notes name (one member however many editions)."""
    names = {row["member"] for row in named_members()}
    for rows in later_edition_members().values():
        names |= {row["member"] for row in rows}
    return names


def membership_count() -> int:
    """Memberships the notes name, across editions."""
    return len(named_members()) + sum(len(rows) for rows in later_edition_members().values())
