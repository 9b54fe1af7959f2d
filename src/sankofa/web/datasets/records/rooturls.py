"""Language-neutral URLs (namespace datafiles): a record's addresses (content
negotiation), exports, linksets, the ARK resolver and the sitemap."""

from django.urls import URLPattern, path, re_path

from sankofa.web.datasets.records import neutral, resolver, sitemap

_VERSION = "datasets/records/<int:record_id>/versions/<int:number>/"

urlpatterns: list[URLPattern] = [
    path("datasets/records/<int:record_id>/", neutral.record, name="record"),
    path(_VERSION, neutral.version, name="version"),
    path(f"{_VERSION}export/<str:key>", neutral.export, name="export"),
    path(f"{_VERSION}linkset", neutral.linkset_view, name="linkset"),
    re_path(r"^(?P<path>ark:.*)$", resolver.resolve, name="ark"),
    path("sitemap.xml", sitemap.serve, name="sitemap"),
]
