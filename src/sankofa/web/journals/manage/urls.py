"""Journal pages (manage) under a language prefix, in namespace ``journals``: a new
journal, a journal's settings, sections, issues and team, and its public about page."""

from django.urls import URLPattern, path

from sankofa.web.journals.manage import about, views

urlpatterns: list[URLPattern] = [
    path("new/", views.new_journal, name="new"),
    path("<slug:slug>/about/", about.about, name="about"),
    path("<slug:slug>/manage/", views.settings, name="manage"),
    path("<slug:slug>/manage/sections/", views.sections, name="manage-sections"),
    path("<slug:slug>/manage/issues/", views.issues, name="manage-issues"),
    path("<slug:slug>/manage/team/", views.team, name="manage-team"),
]
