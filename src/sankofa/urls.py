"""URL configuration: the web API under ``/api/1/`` (Software Heritage's paths)."""

from django.urls import URLPattern, URLResolver, include, path

from sankofa.api import openapi

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/1/", include("sankofa.api.urls")),
    path("api/schema/", openapi.schema, name="api-schema"),
]
