"""Language-neutral journal URLs (reading), in namespace ``journalfiles``: galley
downloads, metadata exports and FAIR Signposting linksets of articles."""

from django.urls import URLPattern, path

from sankofa.web.journals.reading import files

urlpatterns: list[URLPattern] = [
    path(
        "articles/<int:pk>/galleys/<int:galley_id>/<str:name>",
        files.galley,
        name="galley",
    ),
    path("articles/<int:pk>/export/<str:key>", files.export, name="export"),
    path("articles/<int:pk>/linkset", files.linkset_view, name="linkset"),
]
