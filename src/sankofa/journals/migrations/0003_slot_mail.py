"""A migration slot kept for one area of the journals app (empty until it needs one)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("journals", "0002_slot_reviews")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
