from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_save_requests")]

    operations = []
