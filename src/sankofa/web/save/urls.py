from django.urls import path

from sankofa.web.pages.views import unbuilt

app_name = "save"
urlpatterns = [path("", unbuilt, name="form")] + [
    path(f"{name}/", unbuilt, name=name) for name in ("requests", "review", "rules")
]
