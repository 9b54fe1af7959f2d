import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sankofa_core", "0002_rate_windows"),
    ]

    operations = [
        migrations.CreateModel(
            name="Upload",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("owner_id", models.BigIntegerField(db_index=True)),
                ("length", models.BigIntegerField()),
                ("offset", models.BigIntegerField(default=0)),
                ("metadata", models.TextField(blank=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("expires", models.DateTimeField(db_index=True)),
                ("complete", models.BooleanField(default=False)),
                ("completed", models.DateTimeField(blank=True, null=True)),
                ("blob", models.CharField(blank=True, max_length=128)),
                ("sha256", models.CharField(blank=True, max_length=64)),
                ("md5", models.CharField(blank=True, max_length=32)),
            ],
            options={
                "indexes": [models.Index(fields=["owner_id", "complete"], name="upload_owner_complete")],
            },
        ),
    ]
