"""Usage statistics: one row per counted view or download, and the day's salt of the
client keys (see sankofa.datasets.usage)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("datasets", "0003_search")]
    operations = [
        migrations.CreateModel(
            name="UsageSalt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True)),
                ("salt", models.CharField(max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="UsageEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("view", "view"), ("download", "download")], max_length=8)),
                ("client", models.CharField(max_length=64)),
                ("at", models.DateTimeField()),
                ("day", models.DateField()),
                (
                    "file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="datasets.file",
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="datasets.record",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="datasets.version",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["record", "day"], name="datasets_usage_record_day"),
                    models.Index(fields=["version", "kind"], name="datasets_usage_version_kind"),
                    models.Index(fields=["day"], name="datasets_usage_day"),
                ],
            },
        ),
    ]
