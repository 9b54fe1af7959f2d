"""Journals admin: the names team members appear under on a journal's masthead."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("journals", "0005_slot_preservation")]
    operations = [
        migrations.AddField(
            model_name="journal",
            name="team_names",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
