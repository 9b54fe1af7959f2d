"""Deposit pages of datasets: my datasets, drafts, review, withdrawal, history, communities."""

from django.urls import path

from sankofa.web.datasets.deposit import communities, curation, views

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("drafts/<int:version_id>/", views.draft, name="draft"),
    path("review/", curation.review, name="review"),
    path("records/<int:record_id>/history/", curation.history, name="history"),
    path(
        "records/<int:record_id>/versions/<int:number>/withdraw/",
        curation.withdraw,
        name="withdraw",
    ),
    path(
        "records/<int:record_id>/new-version/",
        curation.new_version,
        name="new-version",
    ),
    path("communities/", communities.communities, name="communities"),
    path("communities/<slug:slug>/", communities.community, name="community"),
]
