"""A8 preservation: the blob of each article's canonical metadata JSON."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("journals", "0004_slot_identifiers")]
    operations = [
        migrations.AddField(
            model_name="article",
            name="metadata_sha256",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
