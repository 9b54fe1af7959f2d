"""files pages of datasets: asking for access to restricted records, deciding requests."""

from django.urls import URLPattern, path

from sankofa.web.datasets.files import previews, views

urlpatterns: list[URLPattern] = [
    path("records/<int:record_id>/access/", views.request_access, name="request-access"),
    path("access-requests/", views.access_requests, name="access-requests"),
    path(
        "records/<int:record_id>/versions/<int:number>/preview/<path:name>",
        previews.preview,
        name="preview",
    ),
]
