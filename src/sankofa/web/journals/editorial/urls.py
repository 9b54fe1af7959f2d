"""Journal pages (editorial) under a language prefix, in namespace ``journals``."""

from django.urls import URLPattern, path

from sankofa.web.journals.editorial import files, review_pages, views
from sankofa.web.journals.editorial.production_views import produce_jats

urlpatterns: list[URLPattern] = [
    path("reviews/", review_pages.my_reviews, name="my-reviews"),
    path("reviews/<int:pk>/", review_pages.review_page, name="review"),
    path("reviews/<int:pk>/files/<int:file_id>/", files.review_file, name="review-file"),
    path("<slug:slug>/editorial/", views.queue, name="editorial"),
    path(
        "<slug:slug>/editorial/<int:pk>/",
        views.submission_page,
        name="editorial-submission",
    ),
    path(
        "<slug:slug>/editorial/<int:pk>/files/<int:file_id>/",
        files.submission_file,
        name="submission-file",
    ),
    path(
        "<slug:slug>/editorial/<int:pk>/produce-jats/",
        produce_jats,
        name="produce-jats",
    ),
    path(
        "<slug:slug>/manage/review-forms/",
        review_pages.manage_review_forms,
        name="manage-review-forms",
    ),
]
