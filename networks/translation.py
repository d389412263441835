"""Model content shown in both languages (django-modeltranslation): `name_pl`, `name_en`, …

Polish is the source language; an English page shows the English text and falls back to
the Polish one only where no translation is entered yet.
"""

from modeltranslation.translator import TranslationOptions, register

from networks.models import (
    Edition,
    EditionRecommendation,
    ImprovementPlan,
    Meeting,
    MidThread,
    Network,
    Recommendation,
)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name", "description")


@register(MidThread)
class MidThreadTranslation(TranslationOptions):
    fields = ("text",)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title",)


@register(ImprovementPlan)
class ImprovementPlanTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text",)


@register(EditionRecommendation)
class EditionRecommendationTranslation(TranslationOptions):
    fields = ("text",)
