from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from cities.importing import COLUMNS, allowed_values
from cities.models import Invitation, Member, Membership, Mid, Notification, Reminder
from cities.resources import MembershipResource
from pim.imports import AllOrNothingImportMixin
from pim.spreadsheets import csv_response, xlsx_response


class MembershipForm(forms.ModelForm):
    """The edition follows from the network; it is chosen alone only when no source names the network."""

    class Meta:
        model = Membership
        fields = ["member", "edition", "network", "sources", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].required = False
        self.fields["edition"].help_text = _("Needed only when the network is not known.")

    def clean(self):
        cleaned = super().clean()
        network, edition = cleaned.get("network"), cleaned.get("edition")
        if network is not None:
            if edition is not None and edition != network.edition:
                self.add_error(
                    "edition",
                    _("The network belongs to another edition: %(edition)s.") % {"edition": network.edition},
                )
            cleaned["edition"] = network.edition
        elif edition is None:
            self.add_error("edition", _("Choose the network, or the edition when the network is not known."))
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["network"]


class MidInline(admin.StackedInline):
    model = Mid
    extra = 0
    fields = ["edition", "topic", "status", "draft_handed_in_on", "completed_on", "implementation_started_on"]
    show_change_link = True


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "voivodeship", "population", "is_synthetic"]
    list_filter = ["kind", "voivodeship", "memberships__edition", "is_synthetic"]
    search_fields = ["name", "short_name", "seat"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]
    inlines = [MembershipInline, MidInline]


@admin.register(Mid)
class MidAdmin(SimpleHistoryAdmin):
    list_display = ["member", "edition", "status", "topic", "updated_at", "updated_by"]
    list_filter = ["edition", "status", "member__memberships__network"]
    search_fields = ["member__name", "topic", "summary"]
    list_select_related = ["member", "edition", "updated_by"]
    autocomplete_fields = ["member"]
    readonly_fields = ["version", "updated_at", "updated_by"]


@admin.register(Membership)
class MembershipAdmin(AllOrNothingImportMixin, ExportMixin, admin.ModelAdmin):
    """Members with their network and MID status, importable from a spreadsheet."""

    resource_classes = [MembershipResource]
    export_formats = [CSV, XLSX]

    def has_import_permission(self, request) -> bool:
        """An import adds and changes members, their memberships and MIDs: it needs all of that."""
        return request.user.has_perms(
            [
                f"cities.{action}_{model}"
                for action in ("add", "change")
                for model in ("member", "membership", "mid")
            ]
        )

    def get_urls(self):
        template = path(
            "import/szablon.<str:file_format>",
            self.admin_site.admin_view(self.import_template),
            name="cities_membership_import_template",
        )
        return [template, *super().get_urls()]

    def import_templates(self, request):
        url = "admin:cities_membership_import_template"
        return [(_("Members"), [(name.upper(), reverse(url, args=[name])) for name in ("xlsx", "csv")])]

    def import_template(self, request, file_format: str):
        """The file to fill in: Polish headers, an example row, the values each column takes."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if file_format not in ("xlsx", "csv"):
            raise Http404
        header = [str(column.label) for column in COLUMNS]
        example = [column.example for column in COLUMNS]
        allowed = allowed_values()
        filename = f"szablon-importu-czlonkow.{file_format}"
        if file_format == "xlsx":
            return xlsx_response(
                [
                    (gettext("Members"), header, [example]),
                    (gettext("Allowed values"), [gettext("Column"), gettext("Values")], allowed),
                ],
                filename,
            )
        comments = [[f"# {column}: {text}"] for column, text in allowed]
        return csv_response(header, [example, [], *comments], filename)

    def get_export_queryset(self, request):
        return MembershipResource.export_queryset(super().get_export_queryset(request))

    form = MembershipForm
    list_display = ["member", "edition", "network"]
    list_filter = ["edition", "network"]
    search_fields = ["member__name", "network__name"]
    list_select_related = ["member", "edition", "network"]
    autocomplete_fields = ["member", "network"]


# The MID workflow's records: shown to admins for support; made and changed only by the workflow.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "name",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = ["accepted_at", "withdrawn_at"]
    search_fields = ["email", "name"]
    list_select_related = ["invited_by"]
    exclude = ["token_hash"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The outbox: unsent rows are retried by `manage.py send_digests`."""

    list_display = ["created_at", "kind", "member", "recipient", "sent_at", "attempts", "last_error"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["member__name", "recipient__username", "recipient__email"]
    list_select_related = ["member", "recipient"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "member", "edition", "sent_by", "recipient_count"]
    list_filter = ["edition"]
    search_fields = ["member__name"]
    list_select_related = ["member", "edition", "sent_by"]
