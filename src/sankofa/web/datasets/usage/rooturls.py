"""Language-neutral URLs (namespace datafiles)."""

from django.urls import path

from sankofa.web.datasets.usage import views

urlpatterns = [
    path("datasets/records/<int:record_id>/usage.json", views.counter_json, name="usage"),
]
