"""What every spreadsheet import in the admin shares (django-import-export)."""

import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

import openpyxl
import tablib
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from import_export.results import Error, Result, RowResult

from pim.spreadsheets import unescape

# An XLSX is a zip: a small file can unpack into gigabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def validate_import_file(upload) -> None:
    """Refuse an import file that is too big, or an XLSX that would unpack too big."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )
    upload.seek(0)
    if upload.read(4) == b"PK\x03\x04":
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                unpacked = sum(entry.file_size for entry in archive.infolist())
        except zipfile.BadZipFile:
            raise forms.ValidationError(_("The file looks like XLSX but is damaged.")) from None
        if unpacked > MAX_UNPACKED_BYTES:
            raise forms.ValidationError(
                _("The XLSX file would unpack to %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(unpacked), "limit": filesizeformat(MAX_UNPACKED_BYTES)}
            )
    upload.seek(0)


class SeparatorAwareCSV(CSV):
    """CSV separated by commas, or by semicolons as Polish Excel saves it."""

    def create_dataset(self, in_stream, **kwargs):
        text = in_stream.decode(self.encoding or "utf-8") if isinstance(in_stream, bytes) else in_stream
        text = text.removeprefix("\ufeff")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)


class PaddedXLSX(XLSX):
    """The first sheet of an XLSX, every row as long as the header row (a spreadsheet leaves
    out empty cells at a row's end, which tablib refuses as uneven)."""

    def create_dataset(self, in_stream, **kwargs):
        workbook = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            header = list(next(rows, ()))
            while header and header[-1] is None:
                header.pop()
            width = len(header)
            dataset = tablib.Dataset(headers=[cell_text(name) for name in header])
            for row in rows:
                row = list(row[:width]) + [None] * (width - len(row))
                if any(value is not None for value in row):
                    dataset.append(row)
            return dataset
        finally:
            workbook.close()


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        validate_import_file(upload)
        return upload


class AllOrNothingImportMixin(ImportMixin):
    """CSV or XLSX, previewed first; one bad row and nothing is written; problems in plain words."""

    import_formats = [SeparatorAwareCSV, PaddedXLSX]
    import_template_name = "admin/import_export/pim_import.html"
    import_form_class = CheckedImportForm

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Import finished: %(new)s new, %(updated)s updated, %(skipped)s unchanged.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, UnicodeDecodeError):
            message = _(
                "The file is not in UTF-8 encoding (byte %(position)s cannot be read). "
                "Save it as “CSV UTF-8”, or upload it as XLSX."
            ) % {"position": error.start}
        else:
            message = _("The file could not be read as %(format)s (%(error)s). Check the format chosen.") % {
                "format": form.cleaned_data.get("format", "?"),
                "error": type(error).__name__,
            }
        form.add_error("import_file", message)


SUSPECT_DELIMITERS = [";", "\t", "|"]


def refuse_wrong_delimiter(headers: list[str]) -> None:
    """A CSV read as a single column was written with another separator: say which."""
    if len(headers) != 1:
        return
    delimiter = next((d for d in SUSPECT_DELIMITERS if d in headers[0]), None)
    if delimiter:
        raise ValueError(
            _(
                "All columns were read as one: the file separates values with “%(delimiter)s”. "
                "Save it as CSV with commas, or upload it as XLSX."
            )
            % {"delimiter": "tab" if delimiter == "\t" else delimiter}
        )


# --- The set-based importers' shared parts -------------------------------------------
#
# django-import-export reads, checks and saves a file row by row (a few queries per row and
# per answer); the importers of members and responses check a whole file against sets read
# in a few queries, then write it with bulk inserts in one transaction (README "Dependencies").


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

    def headers(self) -> set[str]:
        """Every header accepted for this column: the code, the Polish and the English label."""
        names = {self.code}
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
            _("Unknown column(s): “%(unknown)s”. The columns are: %(columns)s.")
            % {
                "unknown": "”, “".join(unknown),
                "columns": ", ".join(str(column.label) for column in columns)
                + (", " + ", ".join(extra.values()) if extra else ""),
            }
        )
    missing = [str(column.label) for column in columns if column.required and column.code not in seen]
    if missing:
        raise ImportRefused(_("The file has no column “%(missing)s”.") % {"missing": "”, “".join(missing)})
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


def as_result(checked: Checked | None, refused: str | None = None):
    """The import result django-import-export's admin pages show: errors, or totals and a preview."""
    result = Result()
    if refused is not None:
        result.append_base_error(Error(refused))
        return result
    result.diff_headers = checked.columns
    for number, errors in sorted(checked.errors.items()):
        result.append_invalid_row(number, {}, ValidationError(errors))
    result.totals[RowResult.IMPORT_TYPE_NEW] = checked.new
    result.totals[RowResult.IMPORT_TYPE_UPDATE] = checked.updated
    result.total_rows = len(checked.rows)
    result.preview_rows = checked.preview
    return result


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
