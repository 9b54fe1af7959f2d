from django.urls import path

from sankofa.web.pages.views import unbuilt

app_name = "vault"
urlpatterns = [
    path("", unbuilt, name="cook"),
    path("<str:fmt>/<str:swhid>/", unbuilt, name="status"),
]
