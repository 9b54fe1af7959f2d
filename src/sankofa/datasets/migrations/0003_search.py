"""Slot for the search index (sankofa.discovery search over datasets) (filled in by its owner)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("datasets", "0002_access_and_dois")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
