"""Web pages: Save Code Now (ask, list, review, rules)."""

from django.urls import path

from sankofa.web.save import views

app_name = "save"
urlpatterns = [
    path("", views.form, name="form"),
    path("requests/", views.requests, name="requests"),
    path("review/", views.review, name="review"),
    path("rules/", views.rules, name="rules"),
]
