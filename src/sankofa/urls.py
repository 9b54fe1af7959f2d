"""URL configuration: the web edge arrives with the web node."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
