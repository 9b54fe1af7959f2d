"""records pages of datasets: a record's landing page (its latest version) and each
version's page, in a language."""

from django.urls import URLPattern, path

from sankofa.web.datasets.records import pages

urlpatterns: list[URLPattern] = [
    path("records/<int:record_id>/", pages.record, name="record"),
    path("records/<int:record_id>/versions/<int:number>/", pages.version, name="version"),
]
