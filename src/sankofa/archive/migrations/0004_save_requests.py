from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_origin_metadata")]

    operations = []
