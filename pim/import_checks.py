"""What the importers of members and responses share, apart from any screen: columns named
in Polish, English or by code, cells read as people type them, a file checked as a whole.

django-import-export reads, checks and saves a file row by row (a few queries per row and
per answer); the importers check a whole file against sets read in a few queries, then
write it with bulk inserts in one transaction (README "Dependencies").
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _

from pim.spreadsheets import unescape


class ImportRefused(Exception):
    """The whole file is refused (wrong columns, sealed survey): one message, nothing read further."""


@dataclass
class Column:
    """A column of an import file: its code, its header in the user's language, what it takes."""

    code: str
    label: str  # lazy translation: the header written in templates
    allowed: str  # lazy translation: the values it takes, for the template's second sheet
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers people write for it

    def headers(self) -> set[str]:
        """Every header accepted for this column: the code, the Polish and the English label."""
        names = {self.code, *self.aliases}
        for language in ("pl", "en"):
            with translation.override(language):
                names.add(str(self.label))
        return {normalize_header(name) for name in names}


def normalize_header(text) -> str:
    return " ".join(
        cell_text(text).removeprefix("\ufeff").lower().replace("*", " ").replace("_", " ").split()
    )


def cell_text(value) -> str:
    """A cell as text: None empty, a spreadsheet's whole float without ".0", no stray spaces,
    and an exported cell escaped against formulas read back as it was."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store whole numbers as floats
    return unescape(str(value).strip())


def match_columns(headers, columns: list[Column], extra: dict[str, str] | None = None) -> list[str | None]:
    """The code of each header of the file (codes, Polish or English headers); refuses a file
    with unknown, repeated or missing columns, naming them."""
    known = {name: column.code for column in columns for name in column.headers()}
    known.update({normalize_header(name): code for name, code in (extra or {}).items()})
    codes, unknown, seen = [], [], {}
    for header in headers:
        text = cell_text(header)
        if not text:
            codes.append(None)  # an empty trailing column, as spreadsheet programs write
            continue
        code = known.get(normalize_header(text))
        if code is None:
            unknown.append(text)
        elif code in seen:
            raise ImportRefused(
                _("The columns “%(first)s” and “%(second)s” are the same column; keep one.")
                % {"first": seen[code], "second": text}
            )
        else:
            seen[code] = text
        codes.append(code)
    if unknown:
        raise ImportRefused(
            _("Unknown column(s): %(unknown)s. The columns are: %(columns)s.")
            % {
                "unknown": ", ".join(_("“%(name)s”") % {"name": name} for name in unknown),
                "columns": ", ".join(str(column.label) for column in columns)
                + (", " + ", ".join(extra.values()) if extra else ""),
            }
        )
    missing = [str(column.label) for column in columns if column.required and column.code not in seen]
    if missing:
        raise ImportRefused(
            _("The file has no column %(missing)s.")
            % {"missing": ", ".join(_("“%(name)s”") % {"name": name} for name in missing)}
        )
    return codes


def parse_date(value) -> date | None:
    """12.08.2019, 2019-08-12 or a spreadsheet's date cell; None when empty."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date: write it as 12.08.2019 or 2019-08-12") % {"value": text})


def choice_reader(choices, noun: str):
    """A reader of a TextChoices value given as its code or its Polish or English label."""
    accepted = {}
    for code, label in choices.choices:
        accepted[code.lower()] = code
        for language in ("pl", "en"):
            with translation.override(language):
                accepted[str(label).lower()] = code

    def read(value) -> str:
        text = cell_text(value)
        code = accepted.get(text.lower())
        if code is None:
            raise ValueError(
                _("unknown %(noun)s “%(value)s”; use one of: %(allowed)s")
                % {"noun": noun, "value": text, "allowed": allowed_labels(choices)}
            )
        return code

    return read


def allowed_labels(choices) -> str:
    return ", ".join(f"{label} ({code})" for code, label in choices.choices)


@dataclass
class Checked:
    """A file read and checked: what would be written, or why not."""

    columns: list[str]  # the file's headers as written
    rows: list = field(default_factory=list)  # parsed records, one per data row
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)  # row → header → messages
    new: int = 0
    updated: int = 0
    preview: list[list] = field(default_factory=list)  # the first rows as read, for the preview page

    def add_error(self, row: int, column: str, message: str) -> None:
        self.errors.setdefault(row, {}).setdefault(column, []).append(message)


PREVIEW_ROWS = 20


class Progress:
    """Reports how far a long write has got (to a terminal, or to the admin's page)."""

    def __init__(self, total: int, report=None):
        self.total, self.done, self.report = total, 0, report

    def advance(self, count: int) -> None:
        self.done += count
        if self.report is not None:
            self.report(self.done, self.total)


def translate_database_error(error: Exception, columns: dict[str, str]) -> str:
    """A database refusal as the sentence an import shows, never raw database text.

    columns maps a constraint or column name to the import column it concerns."""
    text = str(error)
    cause = getattr(error, "__cause__", None)
    diag = getattr(cause, "diag", None)
    name = (
        (getattr(diag, "constraint_name", None) or getattr(diag, "column_name", None) or "") if diag else ""
    )
    column = next((label for key, label in columns.items() if key and (key == name or key in text)), None)
    if "out of range" in text:
        message = _("a number in the file is too large")
    elif "duplicate key" in text or "unique" in text.lower():
        message = _("a value that must be unique is already used by another row or record")
    elif "violates check constraint" in text or "check_violation" in text:
        message = _("a value is not allowed by the rules of the data")
    else:
        message = _("the database refused the file")
    if column:
        message = _("column “%(column)s”: %(message)s") % {"column": column, "message": message}
    return _("Nothing was written: %(message)s. Correct the file and upload it again.") % {"message": message}
