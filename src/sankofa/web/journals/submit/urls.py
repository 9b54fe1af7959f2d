"""Journal pages (submit) under a language prefix, in namespace ``journals``."""

from django.urls import URLPattern, path

from sankofa.web.journals.submit import views

urlpatterns: list[URLPattern] = [
    path("submissions/", views.mine, name="my-submissions"),
    path("submissions/<int:pk>/", views.detail, name="submission"),
    path("submissions/<int:pk>/edit/", views.edit, name="submission-edit"),
    path("<slug:slug>/submit/", views.start, name="submit"),
]
