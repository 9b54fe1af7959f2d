"""Routes of the pages of archived objects (namespace ``browse``)."""

from django.urls import URLPattern, path

from sankofa.web.browse import objects

urlpatterns: list[URLPattern] = [
    path("directory/<str:root>/", objects.directory, name="directory"),
    path("content/sha1_git:<str:sha1_git>/", objects.content, name="content"),
    path("revision/<str:sha1_git>/", objects.revision, name="revision"),
    path("revision/<str:sha1_git>/log/", objects.revision_log, name="revision-log"),
    path("provenance/<str:swhid>/", objects.provenance, name="provenance"),
]
