from django.contrib import admin

from surveys.models import Answer, Choice, Question, Response, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "code", "group", "kind", "short_label", "figures_published"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "conducted_from", "conducted_to"]
    list_filter = ["edition"]
    search_fields = ["title"]
    inlines = [QuestionInline]


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


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["respondent_id", "survey", "member", "network", "role", "provenance", "responded_on"]
    list_filter = ["survey", "provenance", "role", "network"]
    search_fields = ["respondent_id", "member__name"]
    list_select_related = ["survey", "member", "network"]
    autocomplete_fields = ["member", "network"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [AnswerInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
