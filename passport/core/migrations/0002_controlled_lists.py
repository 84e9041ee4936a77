"""Load the controlled lists of skills and causes (core.taxonomy) so every database has them."""

from django.db import migrations


def load(apps, schema_editor):
    from passport.core.taxonomy import load_lists

    load_lists(apps.get_model("core", "Skill"), apps.get_model("core", "Cause"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
