"""Load the controlled lists of skills and causes (core.taxonomy) so every database has them."""

from django.db import migrations


def load(apps, schema_editor):
    from passport.core.taxonomy import CAUSES, SKILLS

    Skill = apps.get_model("core", "Skill")
    Cause = apps.get_model("core", "Cause")
    db = schema_editor.connection.alias if schema_editor is not None else "default"
    for bit, (code, label) in enumerate(SKILLS):
        Skill.objects.using(db).update_or_create(code=code, defaults={"label": label, "bit": bit})
    for bit, (code, label) in enumerate(CAUSES):
        Cause.objects.using(db).update_or_create(code=code, defaults={"label": label, "bit": bit})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
