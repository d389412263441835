"""Import screens in the admin (django-import-export's upload, preview and confirm), the
file formats they read, and the import commands' runner; checking is in pim/import_checks.py."""

import logging
import queue
import threading
import zipfile
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

from pim.import_checks import Checked, ImportRefused, cell_text

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
