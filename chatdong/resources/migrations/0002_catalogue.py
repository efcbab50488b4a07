from django.db import migrations


def load(apps, schema_editor):
    from chatdong.resources.catalogue import sync_programmes

    sync_programmes(apps.get_model("resources", "ServiceProgramme"))


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
