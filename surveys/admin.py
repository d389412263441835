from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm

from pim.imports import AllOrNothingImportMixin, CheckedImportForm
from surveys.models import Answer, Choice, PublishedResult, Question, Response, Survey
from surveys.resources import ResponseResource


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "code", "group", "kind", "short_label", "figures_published"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "conducted_from", "conducted_to", "sealed", "files"]
    list_filter = ["edition", "sealed"]
    search_fields = ["title"]
    inlines = [QuestionInline]
    actions = ["open_copy"]

    @admin.action(description=_("Create an open survey with the same questions, for live data"))
    def open_copy(self, request, queryset) -> None:
        for survey in queryset.select_related("edition"):
            slug = slugify(f"{survey.slug}-dane-na-zywo")[:70]
            if Survey.objects.filter(edition=survey.edition, slug=slug).exists():
                messages.warning(
                    request,
                    gettext("“%(survey)s” already has an open copy for live data.") % {"survey": survey},
                )
                continue
            copy = Survey.objects.open_copy(
                survey, slug, gettext("%(title)s – live data") % {"title": survey.title}
            )
            messages.success(
                request,
                gettext("Created “%(copy)s”: import live responses into it.") % {"copy": copy},
            )

    @admin.display(description=_("Import files"))
    def files(self, survey: Survey) -> str:
        args = [survey.edition.slug, survey.slug]
        return format_html(
            '{}: <a href="{}">CSV</a> · <a href="{}">XLSX</a> | '
            '{}: <a href="{}">CSV</a> · <a href="{}">XLSX</a>',
            _("template"),
            reverse("surveys:template", args=[*args, "csv"]),
            reverse("surveys:template", args=[*args, "xlsx"]),
            _("export"),
            reverse("surveys:export", args=[*args, "csv"]),
            reverse("surveys:export", args=[*args, "xlsx"]),
        )


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "short_label", "survey", "group", "kind", "position"]
    list_filter = ["survey", "group", "kind"]
    search_fields = ["code", "text", "short_label"]
    list_select_related = ["survey"]
    inlines = [ChoiceInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "likert", "rating", "yes_no", "choices"]
    autocomplete_fields = ["question"]


class SurveyImportForm(CheckedImportForm):
    survey = forms.ModelChoiceField(queryset=Survey.objects.select_related("edition"), label=_("Survey"))
    field_order = ["survey", "resource", "import_file", "format"]

    def clean_survey(self):
        survey = self.cleaned_data["survey"]
        survey.refuse_if_sealed()
        return survey


class ResponseForm(forms.ModelForm):
    def clean_survey(self):
        survey = self.cleaned_data["survey"]
        survey.refuse_if_sealed()
        return survey


class SurveyConfirmImportForm(ConfirmImportForm):
    survey = forms.ModelChoiceField(queryset=Survey.objects.all(), widget=forms.HiddenInput)


@admin.register(Response)
class ResponseAdmin(AllOrNothingImportMixin, admin.ModelAdmin):
    form = ResponseForm
    list_display = ["respondent_id", "survey", "member", "network", "role", "provenance", "responded_on"]
    list_filter = ["survey", "provenance", "role", "network"]
    search_fields = ["respondent_id", "member__name"]
    list_select_related = ["survey", "member", "network"]
    autocomplete_fields = ["member", "network"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [AnswerInline]
    resource_classes = [ResponseResource]
    import_form_class = SurveyImportForm
    confirm_form_class = SurveyConfirmImportForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("surveys.import_responses")

    # A sealed survey's responses are shown, never changed (the database refuses it anyway).
    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.survey.sealed)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.survey.sealed)

    def import_templates(self, request):
        """A template per open survey (a sealed survey takes no import)."""
        return [
            (
                str(survey),
                [
                    (name.upper(), reverse("surveys:template", args=[survey.edition.slug, survey.slug, name]))
                    for name in ("xlsx", "csv")
                ],
            )
            for survey in Survey.objects.filter(sealed=False).select_related("edition")
        ]

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        survey = (
            form.cleaned_data.get("survey") if form is not None and hasattr(form, "cleaned_data") else None
        )
        return {"survey": survey}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["survey"] = import_form.cleaned_data["survey"].pk
        return initial


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ["question", "kind", "answer", "as_printed", "value", "source"]
    list_filter = ["question__survey", "kind"]
    list_select_related = ["question", "source"]
