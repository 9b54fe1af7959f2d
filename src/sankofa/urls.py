"""URL configuration.

Language-neutral, at the root: the API (``/api/1/``, Software Heritage's paths, and
``/api/schema/``), citations and badges (``/cite/``, ``/badge/``), and the SWHID
resolver (``/swh:1:…``), which sends a browser on to a page in its language.

Pages live under a language prefix (``/en/``, ``/fr/``, ``/ar/``…) so that crawlers
index each language; ``/`` redirects to the browser's language.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from sankofa.api import openapi

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/1/datasets/", include("sankofa.api.datasets")),
    path("api/1/datasets/", include("sankofa.api.dataset_search")),
    path("api/1/", include("sankofa.api.urls")),
    path("api/schema/", openapi.schema, name="api-schema"),
    path("api/uploads/", include("sankofa.api.uploads")),
    path("oai", include("sankofa.discovery.oai.urls")),
    path("", include("sankofa.web.cite.urls")),
    path("", include("sankofa.web.browse.rooturls")),
    path("", include("sankofa.web.datasets.rooturls")),
    path("journals/", include("sankofa.web.journals.rooturls")),
    *i18n_patterns(
        path("", include("sankofa.web.pages.urls")),
        path("browse/", include("sankofa.web.browse.urls")),
        path("accounts/", include("sankofa.web.accounts.urls")),
        path("save/", include("sankofa.web.save.urls")),
        path("vault/", include("sankofa.web.vault.urls")),
        path("datasets/", include("sankofa.web.datasets.urls")),
        path("journals/", include("sankofa.web.journals.urls")),
    ),
]
