from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "sankofa.archive"
    label = "archive"
    verbose_name = "Software archive"

    def ready(self) -> None:
        from sankofa.core.blobstore import references

        references.register("archive.Pack", "pack_digest", "index_digest")
        references.register("archive.VaultCook", "bundle_digest")
