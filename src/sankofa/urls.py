"""URL configuration: the web API under ``/api/1/`` (Software Heritage's paths)."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/1/", include("sankofa.api.urls")),
]
