"""Web pages: vault (ask for a bundle, follow its cooking, download it)."""

from django.urls import path

from sankofa.web.vault import views

app_name = "vault"
urlpatterns = [
    path("", views.cook, name="cook"),
    path("<str:fmt>/<str:swhid>/", views.status, name="status"),
]
