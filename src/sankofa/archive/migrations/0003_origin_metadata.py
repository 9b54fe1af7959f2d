import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_pack_closure")]

    operations = [
        migrations.CreateModel(
            name="OriginMetadata",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("revision", models.BinaryField(max_length=20, null=True)),
                ("sources", models.JSONField(default=list)),
                ("warnings", models.JSONField(default=list)),
                ("fields", models.JSONField(default=dict)),
                ("search_text", models.TextField(blank=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "origin",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="software_metadata",
                        to="archive.origin",
                    ),
                ),
                (
                    "visit",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="archive.visit",
                    ),
                ),
            ],
            options={"ordering": ["origin"]},
        ),
    ]
