from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "sankofa.datasets"
    label = "datasets"
    verbose_name = "Datasets"

    def ready(self) -> None:
        from django.core import checks

        from sankofa.datasets.identifiers import check_ark_settings

        checks.register(check_ark_settings, "sankofa")

        from sankofa.core.blobstore import references

        references.register("datasets.File", "sha256")

        from sankofa.datasets.pids import check_datacite_settings

        checks.register(check_datacite_settings, "sankofa")

        from sankofa.datasets.oai import DatasetSource
        from sankofa.discovery.oai import registry

        if not any(s.name == DatasetSource.name for s in registry.sources()):
            registry.register(DatasetSource())
