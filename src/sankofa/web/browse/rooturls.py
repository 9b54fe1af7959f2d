"""Language-neutral routes of the browse pages (the SWHID resolver at ``/swh:1:…``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
