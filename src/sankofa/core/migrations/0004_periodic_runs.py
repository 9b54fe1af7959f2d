from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sankofa_core", "0003_uploads"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeriodicRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("interval", models.FloatField(default=0.0)),
                ("runs", models.PositiveBigIntegerField(default=0)),
                ("last_run", models.DateTimeField(blank=True, null=True)),
                ("next_run", models.DateTimeField(blank=True, null=True)),
                ("last_job", models.BigIntegerField(blank=True, null=True)),
            ],
        ),
    ]
