"""Survey content shown in both languages (django-modeltranslation); see networks/translation.py."""

from modeltranslation.translator import TranslationOptions, register

from surveys.models import Choice, Question, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "method", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "short_label")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
