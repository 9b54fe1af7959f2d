"""Language-neutral URLs (namespace datafiles): file downloads."""

from django.urls import URLPattern, path

from sankofa.web.datasets.files import previews, views

urlpatterns: list[URLPattern] = [
    path(
        "datasets/records/<int:record_id>/versions/<int:number>/files/<path:name>",
        views.download,
        name="download",
    ),
    path(
        "datasets/records/<int:record_id>/versions/<int:number>/thumbnails/<path:name>",
        previews.thumbnail,
        name="thumbnail",
    ),
]
