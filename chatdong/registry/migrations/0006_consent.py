# Consent moves here from `access` (access 0002): Django's picture of the models changes, the table
# `access_consent` (created by access 0001) and its rows stay.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("registry", "0005_leaderassignment_check_in_every_days_and_more"),
        ("access", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Consent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="등록일시")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="수정일시")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("visit", "방문상담 동의"),
                                    ("collect_use", "개인정보 수집·이용 동의"),
                                    ("third_party", "개인정보 제3자 제공 동의"),
                                ],
                                max_length=20,
                                verbose_name="동의 종류",
                            ),
                        ),
                        (
                            "scope",
                            models.CharField(
                                help_text="수집·이용 목적과 항목, 제공받는 자 등",
                                max_length=300,
                                verbose_name="동의 범위",
                            ),
                        ),
                        ("given_on", models.DateField(verbose_name="동의일")),
                        ("expires_on", models.DateField(blank=True, null=True, verbose_name="만료일")),
                        ("withdrawn_on", models.DateField(blank=True, null=True, verbose_name="철회일")),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("written", "서면"),
                                    ("verbal", "구두(대면)"),
                                    ("phone", "전화"),
                                    ("electronic", "전자서명"),
                                ],
                                max_length=20,
                                verbose_name="동의 방법",
                            ),
                        ),
                        (
                            "agencies",
                            models.ManyToManyField(
                                blank=True, related_name="consents", to="org.agency", verbose_name="제공받는 기관"
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="consents",
                                to="registry.person",
                                verbose_name="동의자",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="org.staffmember",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "동의",
                        "verbose_name_plural": "동의",
                        "db_table": "access_consent",
                        "ordering": ["-given_on", "-id"],
                    },
                ),
            ],
        ),
    ]
