from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sankofa.core"
    label = "sankofa_core"
    verbose_name = "Sankofa core"

    def ready(self) -> None:
        from django.core import checks

        from sankofa.core.checks import check_blobstore

        checks.register(check_blobstore, "sankofa")
