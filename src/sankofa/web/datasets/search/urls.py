"""search pages of datasets: the search page with its facets (``datasets:search``)."""

from django.urls import URLPattern, path

from sankofa.web.datasets.search import views

urlpatterns: list[URLPattern] = [
    path("", views.search, name="search"),
]
