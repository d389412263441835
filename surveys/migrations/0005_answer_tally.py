"""The answer tally (surveys.models.AnswerTally): the counts survey figures add up, kept by
PostgreSQL in the same statement as every write to the answers, their choices or the
responses, so a page never recounts hundreds of thousands of answers.

The tally always equals this count over the answers joined to their responses:
  per (response's survey, answer's question, response's network and role, the answer's
  likert, rating and yes/no): the answers; and per (the same, choice): the answers naming it.
Each statement trigger adds what its rows bring into that join and subtracts what they take
out of it (transition tables: one grouped upsert per statement, however many rows). A bulk
load of 300,000 answers in batches costs a join per batch, not a lookup per row. Updates
count only the rows whose counted columns changed. Rows whose count reaches 0 are removed;
a count below 0 means the tally was bypassed, and the write fails saying so. A TRUNCATE
(which carries no transition tables) recounts everything.
"""

import django.db.models.deletion
from django.db import migrations, models

KEY = "survey_id, question_id, network_id, role, likert, rating, yes_no, choice_id"
ANSWERS, PICKS, RESPONSES = "surveys_answer", "surveys_answer_choices", "surveys_response"
# The columns of each table that the counts depend on.
COUNTED = {
    ANSWERS: "id, response_id, question_id, likert, rating, yes_no",
    PICKS: "answer_id, choice_id",
    RESPONSES: "id, survey_id, network_id, role",
}

# Each join goes from the written rows to the few rows they name (WHERE ... IN): without
# statistics on the written rows, PostgreSQL would otherwise walk a whole primary key index
# in a merge join, for every batch of an import.
JOINED = {
    # The answers among `rows`, with their responses' survey, network and role.
    ANSWERS: "SELECT r.survey_id, x.id, x.question_id, r.network_id, r.role, x.likert, x.rating, x.yes_no "
    "FROM {rows} x JOIN surveys_response r ON r.id = x.response_id "
    "WHERE r.id IN (SELECT response_id FROM {rows})",
    # The answers of the responses among `rows`, with those responses' survey, network and role.
    RESPONSES: "SELECT x.survey_id, a.id, a.question_id, x.network_id, x.role, a.likert, a.rating, a.yes_no "
    "FROM surveys_answer a JOIN {rows} x ON x.id = a.response_id "
    "WHERE a.response_id IN (SELECT id FROM {rows})",
    # The choices picked among `rows`, with their answers' question and responses' survey, network, role.
    PICKS: "SELECT r.survey_id, a.question_id, r.network_id, r.role, x.choice_id "
    "FROM {rows} x JOIN surveys_answer a ON a.id = x.answer_id JOIN surveys_response r ON r.id = a.response_id "
    "WHERE a.id IN (SELECT answer_id FROM {rows})",
}


def counted(table: str, joined: str, sign: str) -> list[str]:
    """The tally rows (KEY, n) that the joined rows of `table` add (sign 1) or take away (-1)."""
    if table == PICKS:
        return [
            f"SELECT survey_id, question_id, network_id, role, NULL::smallint AS likert, "
            f"NULL::smallint AS rating, NULL::boolean AS yes_no, choice_id, {sign} AS n FROM {joined}"
        ]
    return [
        f"SELECT survey_id, question_id, network_id, role, likert, rating, yes_no, "
        f"NULL::bigint AS choice_id, {sign} AS n FROM {joined}",
        f"SELECT j.survey_id, j.question_id, j.network_id, j.role, NULL, NULL, NULL, p.choice_id, {sign} "
        f"FROM {joined} j JOIN surveys_answer_choices p ON p.answer_id = j.id",
    ]


APPLY = """
CREATE FUNCTION surveys_tally_{name}() RETURNS trigger AS $$
DECLARE
    emptied bigint[];
    negative boolean;
BEGIN
    -- Counts changed in a fixed order: two statements changing the same counts at once
    -- wait for each other instead of deadlocking.
    WITH {ctes},
    changed AS (
        INSERT INTO surveys_answertally AS t ({key}, answers)
        SELECT {key}, sum(n) FROM ({parts}) AS delta
        GROUP BY {key} HAVING sum(n) <> 0 ORDER BY {key}
        ON CONFLICT ({key}) DO UPDATE SET answers = t.answers + EXCLUDED.answers
        RETURNING t.id, t.answers
    )
    SELECT array_agg(id) FILTER (WHERE answers = 0), bool_or(answers < 0) INTO emptied, negative FROM changed;
    IF negative THEN
        RAISE EXCEPTION 'the answer tally is out of step with the answers'
            USING HINT = 'Recount it: SELECT surveys_rebuild_answer_tally();';
    END IF;
    IF emptied IS NOT NULL THEN
        DELETE FROM surveys_answertally WHERE id = ANY (emptied);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

REBUILD = f"""
CREATE FUNCTION surveys_rebuild_answer_tally() RETURNS void AS $$
    DELETE FROM surveys_answertally;
    WITH joined AS MATERIALIZED (
        SELECT r.survey_id, a.id, a.question_id, r.network_id, r.role, a.likert, a.rating, a.yes_no
        FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
    )
    INSERT INTO surveys_answertally ({KEY}, answers)
    SELECT {KEY}, sum(n) FROM ({" UNION ALL ".join(counted(RESPONSES, "joined", "1"))}) AS counted
    GROUP BY {KEY} ORDER BY {KEY};
$$ LANGUAGE sql;

CREATE FUNCTION surveys_tally_recount() RETURNS trigger AS $$
BEGIN
    PERFORM surveys_rebuild_answer_tally();
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

# Rows updated over and over in one transaction (an import updates each tally row once per
# batch of 5,000 answers) stay on their page (HOT updates) only if the page has room: with
# full pages each update adds an index entry, and every later upsert of the import is slower.
STORAGE = "ALTER TABLE surveys_answertally SET (fillfactor = 20);"


def trigger_sql(table: str) -> list[str]:
    short = table.removeprefix("surveys_")
    columns = COUNTED[table]
    events = {
        "insert": ("NEW TABLE AS new_rows", [], [("new_rows", "1")]),
        "delete": ("OLD TABLE AS old_rows", [], [("old_rows", "-1")]),
        # Only rows whose counted columns changed: saving a response as it was costs nothing.
        "update": (
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            [
                f"gone AS (SELECT {columns} FROM old_rows EXCEPT ALL SELECT {columns} FROM new_rows)",
                f"came AS (SELECT {columns} FROM new_rows EXCEPT ALL SELECT {columns} FROM old_rows)",
            ],
            [("came", "1"), ("gone", "-1")],
        ),
    }
    statements = []
    for event, (transition, ctes, sources) in events.items():
        name = f"{short}_{event}"
        parts = []
        for rows, sign in sources:
            ctes.append(f"joined_{rows} AS MATERIALIZED ({JOINED[table].format(rows=rows)})")
            parts += counted(table, f"joined_{rows}", sign)
        statements.append(
            APPLY.format(name=name, key=KEY, ctes=",\n    ".join(ctes), parts=" UNION ALL ".join(parts))
        )
        statements.append(
            f"CREATE TRIGGER surveys_tally_{name} AFTER {event.upper()} ON {table} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION surveys_tally_{name}();"
        )
    statements.append(
        f"CREATE TRIGGER surveys_tally_{short}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION surveys_tally_recount();"
    )
    return statements


def forwards_sql() -> str:
    statements = [STORAGE, REBUILD]
    for table in COUNTED:
        statements += trigger_sql(table)
    statements.append("SELECT surveys_rebuild_answer_tally();")
    return "\n".join(statements)


def backwards_sql() -> str:
    statements = []
    for table in COUNTED:
        short = table.removeprefix("surveys_")
        for event in ("insert", "delete", "update", "truncate"):
            statements.append(f"DROP TRIGGER IF EXISTS surveys_tally_{short}_{event} ON {table};")
            if event != "truncate":
                statements.append(f"DROP FUNCTION IF EXISTS surveys_tally_{short}_{event}();")
    statements.append("DROP FUNCTION IF EXISTS surveys_tally_recount();")
    statements.append("DROP FUNCTION IF EXISTS surveys_rebuild_answer_tally();")
    return "\n".join(statements)


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0006_edition_deadlines'),
        ('surveys', '0004_sealed_surveys_refuse_writes'),
    ]

    operations = [
        migrations.CreateModel(
            name='AnswerTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('coordinator', 'PIM coordinator in the city office'), ('city-official', 'City office employee'), ('decision-maker', 'Mayor or decision-maker'), ('local-partner', 'Local partnership member'), ('other', 'Other'), ('not-known', 'Not known')], max_length=20, verbose_name="respondent's role")),
                ('likert', models.PositiveSmallIntegerField(null=True, verbose_name='agreement')),
                ('rating', models.PositiveSmallIntegerField(null=True, verbose_name='rating')),
                ('yes_no', models.BooleanField(null=True, verbose_name='yes or no')),
                ('answers', models.IntegerField(verbose_name='answers')),
                ('choice', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.choice', verbose_name='choice')),
                ('network', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='networks.network', verbose_name="respondent's network")),
                ('question', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question', verbose_name='question')),
                ('survey', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.survey', verbose_name='survey')),
            ],
            options={
                'verbose_name': 'answer tally',
                'verbose_name_plural': 'answer tallies',
                'constraints': [models.UniqueConstraint(fields=('question', 'survey', 'network', 'role', 'likert', 'rating', 'yes_no', 'choice'), name='answer_tally_unique', nulls_distinct=False)],
            },
        ),
        migrations.RunSQL(forwards_sql(), reverse_sql=backwards_sql()),
    ]
