"""Writes that change a survey's figures make its cached aggregates stale (surveys/cache.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from surveys.cache import invalidate
from surveys.models import Answer, Choice, Question, Response


@receiver([post_save, post_delete], sender=Response)
def response_changed(sender, instance: Response, **kwargs) -> None:
    invalidate(instance.survey_id)


@receiver([post_save, post_delete], sender=Answer)
def answer_changed(sender, instance: Answer, **kwargs) -> None:
    survey_id = Response.objects.filter(pk=instance.response_id).values_list("survey_id", flat=True).first()
    if survey_id is None:  # the response is being deleted with it; that invalidates
        return
    invalidate(survey_id)


@receiver(m2m_changed, sender=Answer.choices.through)
def answer_choices_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Answer):
        answer_changed(Answer, instance)


@receiver([post_save, post_delete], sender=Question)
def question_changed(sender, instance: Question, **kwargs) -> None:
    invalidate(instance.survey_id)


@receiver([post_save, post_delete], sender=Choice)
def choice_changed(sender, instance: Choice, **kwargs) -> None:
    survey_id = Question.objects.filter(pk=instance.question_id).values_list("survey_id", flat=True).first()
    if survey_id is not None:
        invalidate(survey_id)
