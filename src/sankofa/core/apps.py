from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sankofa.core"
    label = "sankofa_core"
    verbose_name = "Sankofa core"
