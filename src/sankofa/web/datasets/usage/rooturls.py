"""Language-neutral URLs (namespace datafiles)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
