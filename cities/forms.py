"""Forms of the MID workflow: the city's MID and profile details, the ministry's review,
invitations of coordinators and their acceptance, mail preferences."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities import invitations, workflow
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
    comment = forms.CharField(
        label=_("Comment on the status change"),
        required=False,
        max_length=workflow.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history with the step; the reviewers see it."),
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
        statuses = [self.instance.status, *workflow.allowed_targets(self.instance, user)]
        self.fields["status"].choices = [
            (status, MidStatus(status).label) for status in MidStatus.values if status in statuses
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


class ReviewForm(forms.Form):
    """The ministry's decision on a handed-in MID, against the version the reviewer saw."""

    DECISIONS = {"accept": MidStatus.COMPLETE, "return": MidStatus.RETURNED}

    decision = forms.ChoiceField(choices=[(key, key) for key in DECISIONS], widget=forms.HiddenInput)
    on = forms.DateField(
        label=_("Date of acceptance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    comment = forms.CharField(
        label=_("Comment for the city"),
        required=False,
        max_length=workflow.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when returning the MID: say what to change. The city sees it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def target(self) -> str:
        return self.DECISIONS[self.cleaned_data["decision"]]


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=150)
    # The address becomes the login, which Django keeps to 150 characters.
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    members = forms.ModelMultipleChoiceField(
        label=_("Members they will edit"),
        queryset=Member.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several, e.g. a union and its seat city."),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        try:
            invitations.check_address(email)
        except invitations.InvitationError as error:
            raise forms.ValidationError(str(error)) from error
        return email


class AcceptInvitationForm(SetPasswordForm):
    """A password for the invitee's new account, checked by the site's password rules
    against the account it will be (never saved by the form itself)."""

    def __init__(self, invitation, *args, **kwargs):
        first_name, _space, last_name = invitation.name.rpartition(" ")
        account = get_user_model()(
            username=invitation.email.lower(),
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
        )
        super().__init__(account, *args, **kwargs)

    def save(self, commit=True):
        # The account, its editing rights and the used invitation are written together, in
        # one transaction, by invitations.accept(); a save here would make half of it.
        raise RuntimeError("Accepting an invitation makes the account: call invitations.accept().")


class MailPreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Notifications by e-mail"),
        choices=[("now", _("Each at once, in its own e-mail")), ("daily", _("One digest a day"))],
        widget=forms.RadioSelect,
    )
