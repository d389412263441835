"""No source says how many gminas ZMG Żywiec joins: an earlier load said 13; say what is known."""

from django.db import migrations


def mend(apps, schema_editor):
    Member = apps.get_model("cities", "Member")
    Member.objects.filter(slug="zmg-zywiec", kind_note="związek 13 gmin powiatu żywieckiego").update(
        kind_note="gminy członkowskie nie są wymienione w źródłach"
    )


class Migration(migrations.Migration):
    dependencies = [("cities", "0005_membership_edition_follows_network")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
