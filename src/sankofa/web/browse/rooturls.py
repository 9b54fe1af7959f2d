"""Language-neutral routes of the browse pages: the SWHID resolver at ``/swh:…``."""

from django.urls import URLPattern, re_path

from sankofa.web.browse import resolver

urlpatterns: list[URLPattern] = [
    re_path(r"^(?P<swhid>swh:.*)$", resolver.resolve, name="swhid-resolver"),
]
