"""Routes of ``/api/1/``, named as Software Heritage names them (``api-1-...``).

Hashes are matched loosely (``[^/]+``) so that a malformed one reaches its view and
gets a 400 naming it; anything else under ``/api/1/`` is a JSON 404.
"""

from django.urls import URLPattern, re_path

from sankofa.api import origin_metadata, save, vault, views

HASH = r"(?P<{}>[^/]+)"
ORIGIN = r"^origin/(?P<origin_url>.+)/"

urlpatterns: list[URLPattern] = [
    re_path(r"^content/(?P<q>[^/]+)/raw/$", views.content_raw, name="api-1-content-raw"),
    re_path(r"^content/(?P<q>[^/]+)/$", views.content, name="api-1-content"),
    re_path(rf"^directory/{HASH.format('sha1_git')}/$", views.directory, name="api-1-directory"),
    re_path(
        rf"^directory/{HASH.format('sha1_git')}/(?P<path>.+)/$",
        views.directory,
        name="api-1-directory-path",
    ),
    re_path(rf"^revision/{HASH.format('sha1_git')}/$", views.revision, name="api-1-revision"),
    re_path(
        rf"^revision/{HASH.format('sha1_git')}/log/$",
        views.revision_log,
        name="api-1-revision-log",
    ),
    re_path(
        rf"^revision/{HASH.format('sha1_git')}/raw/$",
        views.revision_message,
        name="api-1-revision-raw-message",
    ),
    re_path(rf"^release/{HASH.format('sha1_git')}/$", views.release, name="api-1-release"),
    re_path(rf"^snapshot/{HASH.format('snapshot_id')}/$", views.snapshot, name="api-1-snapshot"),
    re_path(
        r"^origin/search/(?P<url_pattern>.*)/$", views.origin_search, name="api-1-origin-search"
    ),
    re_path(ORIGIN + r"get/$", views.origin, name="api-1-origin"),
    re_path(ORIGIN + r"visits/$", views.origin_visits, name="api-1-origin-visits"),
    re_path(
        ORIGIN + r"visit/latest/$", views.origin_visit_latest, name="api-1-origin-visit-latest"
    ),
    re_path(ORIGIN + r"visit/(?P<visit_id>[^/]+)/$", views.origin_visit, name="api-1-origin-visit"),
    re_path(r"^resolve/(?P<swhid>.+)/$", views.resolve, name="api-1-resolve-swhid"),
    re_path(r"^known/$", views.known, name="api-1-known"),
    *vault.urlpatterns,
    *save.urlpatterns,
    *origin_metadata.urlpatterns,
    re_path(r"^(?P<rest>[\s\S]*)$", views.unknown),
]
