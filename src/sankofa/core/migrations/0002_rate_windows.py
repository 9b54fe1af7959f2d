from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("sankofa_core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateWindow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("bucket", models.CharField(max_length=200, unique=True)),
                ("window_start", models.BigIntegerField()),
                ("expires", models.BigIntegerField(db_index=True)),
                ("hits", models.BigIntegerField()),
            ],
        ),
    ]
