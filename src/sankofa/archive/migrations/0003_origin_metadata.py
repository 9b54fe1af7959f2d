from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_pack_closure")]

    operations = []
