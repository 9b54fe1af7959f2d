from django.urls import path

from sankofa.web.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
]
