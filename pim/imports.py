"""What every spreadsheet import in the admin shares (django-import-export)."""

import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from import_export.results import RowResult

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


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        validate_import_file(upload)
        return upload


class AllOrNothingImportMixin(ImportMixin):
    """CSV or XLSX, previewed first; one bad row and nothing is written; problems in plain words."""

    import_formats = [CSV, XLSX]
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
