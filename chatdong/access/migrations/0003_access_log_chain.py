# The access log becomes a hash chain (see chatdong/access/chain.py): each entry gets `seq`, `prev_hash` and
# `entry_hash`, and one chain-head row orders appends. Existing entries are chained in id order, in batches
# so a district's millions of rows never sit in memory at once; resident numbers already in their text are
# masked first, as every new entry's are.

import django.utils.timezone
from django.db import migrations, models

from chatdong.access import chain

BATCH = 2000
CHAINED = ["seq", "prev_hash", "entry_hash", "ip_address", *chain.TEXT_FIELDS]


def chain_existing_entries(apps, schema_editor):  # type: ignore[no-untyped-def]
    AccessLog = apps.get_model("access", "AccessLog")
    AccessLogHead = apps.get_model("access", "AccessLogHead")
    db = schema_editor.connection.alias
    seq, prev, last_id = 0, chain.GENESIS, 0
    while batch := list(AccessLog.objects.using(db).filter(id__gt=last_id).order_by("id")[:BATCH]):
        for entry in batch:
            chain.clean(entry)
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            entry.entry_hash = prev = chain.digest(entry)
        AccessLog.objects.using(db).bulk_update(batch, CHAINED, batch_size=500)
        last_id = batch[-1].id
    AccessLogHead.objects.using(db).update_or_create(pk=1, defaults={"last_seq": seq, "last_hash": prev})


class Migration(migrations.Migration):
    dependencies = [("access", "0002_consent_moves_to_registry")]

    operations = [
        migrations.CreateModel(
            name="AccessLogHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("last_seq", models.BigIntegerField(default=0, verbose_name="마지막 순번")),
                ("last_hash", models.CharField(default=chain.GENESIS, max_length=64, verbose_name="마지막 해시")),
                ("anchor_seq", models.BigIntegerField(default=0, verbose_name="파기 기준 순번")),
                ("anchor_hash", models.CharField(default=chain.GENESIS, max_length=64, verbose_name="파기 기준 해시")),
                ("anchor_at", models.DateTimeField(blank=True, null=True, verbose_name="파기된 마지막 기록 일시")),
                ("purged", models.BigIntegerField(default=0, verbose_name="파기한 기록 수")),
            ],
            options={
                "verbose_name": "접근기록 체인",
                "verbose_name_plural": "접근기록 체인",
                "constraints": [models.CheckConstraint(condition=models.Q(id=1), name="access_log_head_one_row")],
            },
        ),
        migrations.AddField(
            model_name="accesslog",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="순번"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="이전 기록 해시"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslog",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="기록 해시"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="일시"
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "열람"),
                    ("view_sensitive", "민감정보 열람"),
                    ("search", "검색"),
                    ("export", "내려받기"),
                    ("denied_scope", "범위 밖 접근 거부(404)"),
                    ("denied_action", "권한 없는 작업 거부(403)"),
                    ("purge", "보존기간 경과 기록 파기"),
                ],
                max_length=20,
                verbose_name="구분",
            ),
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
    ]
