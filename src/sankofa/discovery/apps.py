from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "sankofa.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from django.core import checks

        from sankofa.discovery.checks import check_admin_email, check_page_size

        checks.register(check_page_size, "discovery")
        checks.register(check_admin_email, "discovery", deploy=True)
