from django.urls import path

from sankofa.web.pages.views import unbuilt

app_name = "accounts"
urlpatterns = [
    path(f"{name}/", unbuilt, name=name)
    for name in ("login", "logout", "signup", "verify", "reset", "reset-confirm")
] + [path("", unbuilt, name="account")]
