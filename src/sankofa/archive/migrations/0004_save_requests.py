import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_origin_metadata")]

    operations = [
        migrations.CreateModel(
            name="SaveRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("origin_url", models.TextField()),
                ("visit_type", models.CharField(default="git", max_length=16)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("accepted", "Accepted"),
                            ("rejected", "Rejected"),
                            ("pending", "Pending"),
                        ],
                        default="pending",
                        max_length=16,
                    ),
                ),
                (
                    "task_status",
                    models.CharField(
                        choices=[
                            ("not created", "Not Created"),
                            ("not yet scheduled", "Not Yet Scheduled"),
                            ("scheduled", "Scheduled"),
                            ("running", "Running"),
                            ("succeeded", "Succeeded"),
                            ("failed", "Failed"),
                        ],
                        default="not created",
                        max_length=20,
                    ),
                ),
                ("request_date", models.DateTimeField(default=django.utils.timezone.now)),
                ("requested_by", models.BigIntegerField(blank=True, null=True)),
                ("requested_by_name", models.CharField(blank=True, default="", max_length=200)),
                ("requester_ip", models.GenericIPAddressField(blank=True, null=True)),
                ("from_webhook", models.BooleanField(default=False)),
                ("webhook_origin", models.CharField(blank=True, default="", max_length=32)),
                ("note", models.TextField(blank=True, default="")),
                ("reviewed_by_name", models.CharField(blank=True, default="", max_length=200)),
                ("review_date", models.DateTimeField(blank=True, null=True)),
                ("job_id", models.BigIntegerField(blank=True, null=True)),
                ("visit_number", models.PositiveIntegerField(blank=True, null=True)),
                ("visit_date", models.DateTimeField(blank=True, null=True)),
                ("visit_status", models.CharField(blank=True, default="", max_length=16)),
                ("snapshot_swhid", models.CharField(blank=True, default="", max_length=60)),
            ],
            options={
                "ordering": ["-request_date", "-pk"],
                "indexes": [
                    models.Index(fields=["origin_url", "visit_type"], name="save_request_origin"),
                    models.Index(fields=["status", "request_date"], name="save_request_status"),
                    models.Index(fields=["requested_by", "request_date"], name="save_request_user"),
                    models.Index(fields=["requester_ip", "request_date"], name="save_request_ip"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SaveRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("prefix", models.TextField()),
                (
                    "kind",
                    models.CharField(choices=[("allow", "Allow"), ("deny", "Deny")], max_length=8),
                ),
                ("created_by_name", models.CharField(blank=True, default="", max_length=200)),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["kind", "prefix"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("prefix", "kind"), name="save_rule_unique_prefix"
                    )
                ],
            },
        ),
    ]
