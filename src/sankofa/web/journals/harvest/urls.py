"""Journal pages (harvest) under a language prefix, in namespace ``journals``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
