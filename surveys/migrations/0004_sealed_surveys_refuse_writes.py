"""A sealed survey's responses and answers cannot be added, changed or removed, by any path
(ORM, admin, import, SQL): statement-level triggers check every written row at once, so a
bulk load of millions of answers into an open survey costs one join, not a lookup per row."""

from django.db import migrations

REFUSE = """
CREATE FUNCTION surveys_refuse_sealed_{name}() RETURNS trigger AS $$
BEGIN
    IF EXISTS ({query}) THEN
        RAISE EXCEPTION 'survey is sealed: its responses reconstruct published figures'
            USING ERRCODE = 'check_violation', HINT = 'Create a new survey for live data.';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

# (table, what the changed rows are called, the query that finds a sealed survey among them)
CHECKS = {
    "response": (
        "surveys_response",
        "SELECT 1 FROM changed c JOIN surveys_survey s ON s.id = c.survey_id WHERE s.sealed",
    ),
    "answer": (
        "surveys_answer",
        "SELECT 1 FROM changed c JOIN surveys_response r ON r.id = c.response_id "
        "JOIN surveys_survey s ON s.id = r.survey_id WHERE s.sealed",
    ),
    "answer_choice": (
        "surveys_answer_choices",
        "SELECT 1 FROM changed c JOIN surveys_answer a ON a.id = c.answer_id "
        "JOIN surveys_response r ON r.id = a.response_id JOIN surveys_survey s ON s.id = r.survey_id "
        "WHERE s.sealed",
    ),
}
EVENTS = {"insert": "NEW TABLE AS changed", "update": "NEW TABLE AS changed", "delete": "OLD TABLE AS changed"}


def forwards_sql() -> str:
    statements = []
    for name, (table, query) in CHECKS.items():
        statements.append(REFUSE.format(name=name, query=query))
        for event, transition in EVENTS.items():
            statements.append(
                f"CREATE TRIGGER surveys_refuse_sealed_{name}_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION surveys_refuse_sealed_{name}();"
            )
    return "\n".join(statements)


def backwards_sql() -> str:
    statements = []
    for name, (table, _) in CHECKS.items():
        for event in EVENTS:
            statements.append(f"DROP TRIGGER IF EXISTS surveys_refuse_sealed_{name}_{event} ON {table};")
        statements.append(f"DROP FUNCTION IF EXISTS surveys_refuse_sealed_{name}();")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_polish_content_and_sealed_pilot")]

    operations = [migrations.RunSQL(forwards_sql(), reverse_sql=backwards_sql())]
