# Every entry has its place in the chain now (0003): `seq` is required and unique. A migration of its own, so
# PostgreSQL alters the table after the backfill's transaction has committed.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("access", "0003_access_log_chain")]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="순번"),
        ),
    ]
