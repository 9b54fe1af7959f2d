"""Web pages: accounts (``/<language>/accounts/…``)."""

from django.urls import path

from sankofa.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("verify/", views.verify, name="verify"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("reset/", views.reset, name="reset"),
    path("reset-confirm/", views.reset_confirm, name="reset-confirm"),
    path("tokens/", views.token_create, name="token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="job-retry"),
]
