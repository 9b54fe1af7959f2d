"""usage pages of datasets."""

from django.urls import path

from sankofa.web.datasets.usage import views

urlpatterns = [path("statistics/", views.statistics, name="statistics")]
