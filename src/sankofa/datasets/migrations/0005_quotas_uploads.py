"""Slot for the quotas and uploads from a URL (filled in by its owner)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("datasets", "0004_usage")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
