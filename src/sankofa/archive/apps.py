from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "sankofa.archive"
    label = "archive"
    verbose_name = "Software archive"
