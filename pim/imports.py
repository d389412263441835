"""What every spreadsheet import in the admin shares (django-import-export)."""

import logging
import queue
import threading
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
from django.db import connections
from django.http import StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from import_export.results import Error, Result, RowResult

from pim.spreadsheets import unescape

logger = logging.getLogger(__name__)

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


class _ProgressPage:
    """A long import written while its page is sent: a bar per step, then the outcome.

    The import runs in one transaction inside the response's body, so the page can show
    how far it has got; it is all-or-nothing as on the short path, and the outcome (or the
    reason nothing was written) is the page's last paragraph.
    """

    def __init__(self, admin, dataset, form, request, kwargs):
        self.admin, self.dataset, self.form, self.request, self.kwargs = admin, dataset, form, request, kwargs

    def response(self) -> StreamingHttpResponse:
        context = {
            **self.admin.admin_site.each_context(self.request),
            "opts": self.admin.model._meta,
            "title": ngettext("Importing %(rows)s row", "Importing %(rows)s rows", len(self.dataset))
            % {"rows": len(self.dataset)},
        }
        page = render_to_string("admin/import_export/pim_progress.html", context, request=self.request)
        head, rest = page.split("<!--PROGRESS-->", 1)
        middle, tail = rest.split("<!--RESULT-->", 1)
        response = StreamingHttpResponse(
            self._body(head, middle, tail), content_type="text/html; charset=utf-8"
        )
        response["X-Accel-Buffering"] = "no"  # a proxy must pass each step on at once
        response["Cache-Control"] = "private, no-store"
        return response

    def _body(self, head: str, middle: str, tail: str):
        steps = queue.SimpleQueue()
        yield head + " " * 1024  # browsers start drawing a page after its first kilobyte

        def report(done: int, total: int) -> None:
            steps.put((done, total))

        kwargs = {**self.kwargs, "report": report}
        outcome, language = {}, translation.get_language()

        def work():
            try:
                translation.activate(language)  # a new thread starts in the default language
                outcome["result"] = AllOrNothingImportMixin.process_dataset(
                    self.admin, self.dataset, self.form, self.request, _stream=False, **kwargs
                )
            except Exception as error:  # reported on the page below; logged for the admins
                logger.exception("A streamed import failed")
                outcome["error"] = error
            finally:
                connections.close_all()
                steps.put(None)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        while (step := steps.get()) is not None:
            done, total = step
            yield format_html(
                '<p><progress value="{}" max="{}">{} %</progress> {}</p>',
                done,
                total,
                done * 100 // max(total, 1),
                _("%(percent)s %% written") % {"percent": done * 100 // max(total, 1)},
            )
        thread.join()
        yield middle
        result = outcome.get("result")
        if result is None or result.has_errors() or result.has_validation_errors():
            errors = [str(error.error) for error in result.base_errors] if result is not None else []
            yield format_html(
                '<p class="errornote">{}</p>',
                " ".join(errors) or _("The import failed: nothing was written. Try again or ask for help."),
            )
        else:
            totals = result.totals
            yield format_html(
                '<p class="import-done"><strong>{}</strong></p>',
                _("Import finished: %(new)s new, %(updated)s updated, %(skipped)s unchanged.")
                % {
                    "new": totals[RowResult.IMPORT_TYPE_NEW],
                    "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                    "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
                },
            )
        yield tail


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

    # Files longer than this are written on a page that shows the progress as it goes.
    progress_from_rows = 2000

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def import_templates(self, request) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(what, [(format, URL)])]: the files to start from, linked on the import page."""
        return []

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if getattr(response, "context_data", None) is not None:  # rendered lazily: still open
            response.context_data["import_templates"] = self.import_templates(request)
        return response

    def process_dataset(self, dataset, form, request, _stream=True, **kwargs):
        if not _stream or len(dataset) < self.progress_from_rows:
            return super().process_dataset(dataset, form, request, **kwargs)
        return _ProgressPage(self, dataset, form, request, kwargs)

    def process_result(self, result, request):
        if isinstance(result, _ProgressPage):
            return result.response()
        return super().process_result(result, request)

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


def read_file(path) -> tablib.Dataset:
    """A CSV (comma or semicolon, UTF-8) or XLSX file from disk, as the admin's upload reads it."""
    with open(path, "rb") as handle:
        content = handle.read()
    if content[:4] == b"PK\x03\x04":
        return PaddedXLSX().create_dataset(content)
    try:
        return SeparatorAwareCSV(encoding="utf-8").create_dataset(content)
    except UnicodeDecodeError as error:
        raise ImportRefused(
            _(
                "The file is not in UTF-8 encoding (byte %(position)s cannot be read). "
                "Save it as “CSV UTF-8”, or upload it as XLSX."
            )
            % {"position": error.start}
        ) from None


def terminal_progress(stream, label: str):
    """report(done, total) drawing a progress bar on a terminal's line."""

    def report(done: int, total: int) -> None:
        share = done / total if total else 1
        bar = "#" * int(share * 30)
        stream.write(f"\r{label} [{bar:<30}] {share:4.0%} ")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return report


def run_import_command(command, importer, path, dry_run: bool) -> None:
    """What both import commands do: read, check (errors by row and column), write with a bar."""
    dataset = read_file(path)
    command.stdout.write(_("Checking %(count)s rows…") % {"count": len(dataset)})
    checked = importer.check(dataset.headers or [], dataset)
    if checked.errors:
        for number, columns in sorted(checked.errors.items()):
            for column, problems in columns.items():
                command.stderr.write(
                    _("Data row %(row)s (row %(sheet)s of the sheet), column %(column)s: %(problems)s")
                    % {"row": number, "sheet": number + 1, "column": column, "problems": "; ".join(problems)}
                )
        raise ImportRefused(
            _("%(count)s rows are not valid: nothing was written.") % {"count": len(checked.errors)}
        )
    summary = _("%(new)s new, %(updated)s updated.") % {"new": checked.new, "updated": checked.updated}
    if dry_run:
        command.stdout.write(
            _("The file is valid: %(summary)s Nothing written (--dry-run).") % {"summary": summary}
        )
        return
    importer.write(checked, report=terminal_progress(command.stderr._out, _("Writing")))
    command.stdout.write(command.style.SUCCESS(_("Import finished: %(summary)s") % {"summary": summary}))
