"""Survey content in both languages starts from the Polish text already stored; a survey
whose responses are a reconstruction is sealed.

Before sealing: the pilot reconstruction once gave the recommendation question's one
unexplained respondent the answer "neither"; the source does not say so (it explains two
groups and says nobody was negative), so that answer becomes "not shown", as goal 4's are."""

from django.db import migrations

TRANSLATED = {
    "surveys_survey": ["title", "method", "description"],
    "surveys_question": ["text", "short_label"],
    "surveys_choice": ["label"],
}


def copy_polish(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, fields in TRANSLATED.items():
            for field in fields:
                cursor.execute(f"UPDATE {table} SET {field}_pl = {field} WHERE {field}_pl IS NULL")
        cursor.execute(
            "DELETE FROM surveys_answer a USING surveys_question q, surveys_response r "
            "WHERE a.question_id = q.id AND a.response_id = r.id AND q.code = 'polecenie' "
            "AND r.provenance = 'reconstruction' AND a.likert = 3"
        )
        cursor.execute(
            "UPDATE surveys_survey s SET sealed = true WHERE EXISTS ("
            " SELECT 1 FROM surveys_response r WHERE r.survey_id = s.id AND r.provenance = 'reconstruction')"
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_translated_content_sealed_surveys_published_results")]

    operations = [migrations.RunPython(copy_polish, migrations.RunPython.noop)]
