"""What every spreadsheet import in the admin shares (django-import-export)."""

from django.contrib import messages
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult


class AllOrNothingImportMixin(ImportMixin):
    """CSV or XLSX, previewed first; one bad row and nothing is written; problems in plain words."""

    import_formats = [CSV, XLSX]
    import_template_name = "admin/import_export/pim_import.html"

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
