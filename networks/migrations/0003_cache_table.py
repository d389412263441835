from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The shared cache is a PostgreSQL table unless REDIS_URL is set; creating it here
    # means `migrate` alone prepares a database for the site.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("networks", "0002_ministry_staff_group")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
