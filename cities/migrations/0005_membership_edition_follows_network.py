"""A membership's edition is its network's edition, whatever writes the row (ORM, bulk
insert, import, SQL): a trigger sets it before every insert and update."""

from django.db import migrations

CREATE = """
CREATE FUNCTION cities_membership_edition_from_network() RETURNS trigger AS $$
BEGIN
    IF NEW.network_id IS NOT NULL THEN
        SELECT edition_id INTO NEW.edition_id FROM networks_network WHERE id = NEW.network_id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cities_membership_edition_from_network
BEFORE INSERT OR UPDATE OF network_id, edition_id ON cities_membership
FOR EACH ROW EXECUTE FUNCTION cities_membership_edition_from_network();
"""

DROP = """
DROP TRIGGER IF EXISTS cities_membership_edition_from_network ON cities_membership;
DROP FUNCTION IF EXISTS cities_membership_edition_from_network();
"""


class Migration(migrations.Migration):
    dependencies = [("cities", "0004_membership_edition_and_kinds")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
