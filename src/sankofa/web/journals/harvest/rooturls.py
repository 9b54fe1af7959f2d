"""Language-neutral journal URLs (harvest), in namespace ``journalfiles``."""

from django.urls import URLPattern, path

from sankofa.web.journals.harvest import views

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/doaj.xml", views.doaj, name="doaj"),
]
