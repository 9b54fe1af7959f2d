"""Journal pages (reports) under a language prefix, in namespace ``journals``."""

from django.urls import URLPattern, path

from sankofa.web.journals.reports import views

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/reports/", views.report_page, name="report"),
]
