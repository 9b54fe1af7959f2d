"""Journal pages (inbox, and a journal's mail wording) under a language prefix, in
namespace ``journals``."""

from django.urls import URLPattern, path

from sankofa.web.journals.inbox import mailviews, views

urlpatterns: list[URLPattern] = [
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/<int:pk>/read/", views.read, name="inbox-read"),
    path("<slug:slug>/manage/mail/", mailviews.mail_list, name="manage-mail"),
    path(
        "<slug:slug>/manage/mail/<str:key>/<str:language>/",
        mailviews.mail_edit,
        name="manage-mail-edit",
    ),
]
