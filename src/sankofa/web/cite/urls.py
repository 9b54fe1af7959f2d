from django.urls import path

from sankofa.web.pages.views import unbuilt

app_name = "cite"
urlpatterns = [
    path("cite/", unbuilt, name="citation"),
    path("cite/origin/", unbuilt, name="origin-citation"),
    path("badge/origin/", unbuilt, name="badge-origin"),
    path("badge/<str:swhid>/", unbuilt, name="badge-swhid"),
]
