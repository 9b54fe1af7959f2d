from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "sankofa.datasets"
    label = "datasets"
    verbose_name = "Datasets"

    def ready(self) -> None:
        from django.core import checks

        from sankofa.datasets.identifiers import check_ark_settings

        checks.register(check_ark_settings, "sankofa")
