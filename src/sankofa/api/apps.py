from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sankofa.api"
    label = "sankofa_api"
    verbose_name = "Web API"
