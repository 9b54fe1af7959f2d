"""Routes of the browse pages, namespace ``browse``.

``origins`` (origin, visits, snapshot branches, releases) and ``objects``
(directories, files, revisions and their log) each keep their own list.
"""

from django.urls import URLPattern

from sankofa.web.browse import object_urls, origin_urls

app_name = "browse"
urlpatterns: list[URLPattern] = [*origin_urls.urlpatterns, *object_urls.urlpatterns]
