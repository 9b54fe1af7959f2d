"""Slot for the usage statistics (filled in by its owner)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("datasets", "0003_search")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
