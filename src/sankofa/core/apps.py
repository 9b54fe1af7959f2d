from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sankofa.core"
    label = "sankofa_core"
    verbose_name = "Sankofa core"

    def ready(self) -> None:
        from django.core import checks

        from sankofa.core.checks import check_blobstore
        from sankofa.core.jobs.checks import check_jobs

        checks.register(check_blobstore, "sankofa")
        checks.register(check_jobs, "sankofa")

        from sankofa.core.blobstore import references

        references.register("sankofa_core.Upload", "blob")
