"""The data version, kept by PostgreSQL itself (see pim/data_version.py for the design).

- pim_data_version: one row; `version` becomes a new random number when a transaction that
  changed product data commits (in that same transaction), `changed_at` says when.
- pim_note_data_change(): the statement trigger every product table carries (installed after
  each `migrate` by pim.data_version.install_triggers). It gives the writing transaction a
  private pending version and, once per transaction, queues the publication below.
- pim_data_change + pim_publish_data_version: a deferred constraint trigger, so the shared row
  is written (and locked) only at commit, not for the whole length of a long import.
- pim_current_data_version(): what a reader uses: the committed version, or inside a
  transaction that has written, a version of its own that nobody else will ever see.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION pim_new_data_version() RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    -- Random, not a counter: a counter would come back to old values after a rollback or a
    -- restore, and pages cached under them would be served again. 53 bits: exact in JSON.
    SELECT 1 + floor(random() * 9007199254740990)::bigint
$$;

CREATE TABLE IF NOT EXISTS pim_data_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO pim_data_version (id, version, changed_at)
VALUES (true, pim_new_data_version(), clock_timestamp())
ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS pim_data_change (transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id());

CREATE OR REPLACE FUNCTION pim_note_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('pim.pending_data_version', true), '') = '' THEN
        INSERT INTO pim_data_change DEFAULT VALUES;
    END IF;
    -- A new private version at every statement: whatever this transaction caches between
    -- two of its own writes is never taken for what it holds after the second.
    PERFORM set_config('pim.pending_data_version', pim_new_data_version()::text, true);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pim_publish_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pim_data_version SET version = pim_new_data_version(), changed_at = clock_timestamp();
    DELETE FROM pim_data_change WHERE transaction_id = NEW.transaction_id;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS pim_publish_data_version ON pim_data_change;
CREATE CONSTRAINT TRIGGER pim_publish_data_version AFTER INSERT ON pim_data_change
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pim_publish_data_version();

CREATE OR REPLACE FUNCTION pim_current_data_version(OUT version bigint, OUT changed_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN pending = '' THEN v.version ELSE v.version # pending::bigint END,
           CASE WHEN pending = '' THEN v.changed_at ELSE statement_timestamp() END
    FROM pim_data_version AS v,
         coalesce(current_setting('pim.pending_data_version', true), '') AS pending
$$;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS pim_current_data_version();
DROP TABLE IF EXISTS pim_data_change;
DROP FUNCTION IF EXISTS pim_publish_data_version();
DROP FUNCTION IF EXISTS pim_note_data_change() CASCADE;
DROP TABLE IF EXISTS pim_data_version;
DROP FUNCTION IF EXISTS pim_new_data_version();
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
