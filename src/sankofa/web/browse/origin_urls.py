"""Routes of the origin, snapshot and release pages (namespace ``browse``)."""

from django.urls import URLPattern, path

from sankofa.web.browse import origins

urlpatterns: list[URLPattern] = [
    path("origin/", origins.origin, name="origin"),
    path("origin/directory/", origins.origin_directory, name="origin-directory"),
    path("snapshot/<str:snapshot_id>/", origins.snapshot, name="snapshot"),
    path("release/<str:release_id>/", origins.release, name="release"),
]
