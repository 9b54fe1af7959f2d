from django.urls import path

from sankofa.web.cite import views

app_name = "cite"
urlpatterns = [
    path("cite/", views.citation, name="citation"),
    path("cite/origin/", views.origin_citation, name="origin-citation"),
    path("badge/origin/", views.badge_origin, name="badge-origin"),
    path("badge/<path:swhid>/", views.badge_swhid, name="badge-swhid"),
]
