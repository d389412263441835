"""Forms of city editors: their MID and their member's profile details."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities import workflow
from cities.models import Member, Mid, MidStatus

PDF_SIGNATURE = b"%PDF-"


def validate_pdf(upload) -> None:
    """A PDF within the size limit, judged by its content, not by its name."""
    if upload.size > settings.MID_DOCUMENT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MID_DOCUMENT_MAX_BYTES)}
        )
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if head != PDF_SIGNATURE:
        raise forms.ValidationError(
            _("The file is not a PDF document (its content does not start like a PDF).")
        )


class MidForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"))
    status_on = forms.DateField(
        label=_("Date of the new step"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the MID reached the status chosen above. Empty: today."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    document_url = forms.URLField(
        label=_("Link to the MID document"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Mid
        fields = [
            "topic",
            "summary",
            "document_url",
            "document",
            "partnership_stakeholders",
            "partnership_meeting_count",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "partnership_stakeholders": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "document": _("PDF only."),
            "partnership_stakeholders": _("Groups of stakeholders in the local partnership."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].validators += [FileExtensionValidator(["pdf"]), validate_pdf]
        self.fields["status"].choices = [
            (status, MidStatus(status).label) for status in workflow.allowed_statuses(self.instance, user)
        ]
        self.fields["status"].initial = self.instance.status
        self.fields["version"].initial = self.instance.version
        self.fields["topic"].max_length = Mid._meta.get_field("topic").max_length

    def clean_status_on(self):
        day = self.cleaned_data["status_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date of a step cannot be in the future."))
        return day

    def submitted_values(self) -> dict:
        """The editable fields as submitted; the document only when a file was uploaded or cleared."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields if name != "document"}
        document = self.cleaned_data.get("document")
        if document is False:
            values["document"] = ""
        elif document and "document" in self.files:
            values["document"] = document
        return values


class MemberDetailsForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["seat", "population", "population_year"]
