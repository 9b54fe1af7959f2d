"""Journal pages (reading) under a language prefix, in namespace ``journals``: the list of
journals, a journal's home, its archive, an issue's table of contents, an article."""

from django.urls import URLPattern, path

from sankofa.web.journals.reading import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/issues/<int:pk>/", views.issue, name="issue"),
    path("<slug:slug>/articles/<int:pk>/", views.article, name="article"),
]
