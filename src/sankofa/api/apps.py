from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sankofa.api"
    label = "sankofa_api"
    verbose_name = "Web API"

    def ready(self) -> None:
        from django.core import checks

        from sankofa.api.throttle import check_limits

        checks.register(check_limits, "sankofa")
