import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_save_requests")]

    operations = [
        migrations.CreateModel(
            name="VaultCook",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("swhid", models.CharField(max_length=100)),
                (
                    "fmt",
                    models.CharField(
                        choices=[("flat", "Flat"), ("git-bare", "Git Bare")], max_length=16
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("pending", "Pending"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="new",
                        max_length=16,
                    ),
                ),
                ("progress_message", models.TextField(blank=True, default="")),
                ("bundle_digest", models.CharField(blank=True, default="", max_length=128)),
                ("bundle_size", models.BigIntegerField(blank=True, null=True)),
                ("job_id", models.BigIntegerField(blank=True, null=True)),
                ("requested_by", models.BigIntegerField(blank=True, null=True)),
                ("requested_by_name", models.CharField(blank=True, default="", max_length=200)),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                ("requested", models.DateTimeField(default=django.utils.timezone.now)),
                ("started", models.DateTimeField(blank=True, null=True)),
                ("finished", models.DateTimeField(blank=True, null=True)),
                ("last_access", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("swhid", "fmt"), name="vault_cook_object_format"
                    )
                ],
            },
        ),
    ]
