"""A reviewer's own list of reviews: what waits for them first, nobody else's, and the
page that shows it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.journals import editorial, reviews
from tests.journals.editorial_setup import make_team, reviewed, submit

pytestmark = pytest.mark.django_db


def login(actor: Actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def test_waiting_reviews_come_first_soonest_due_first(node_home: Path) -> None:
    team = make_team()
    done = reviewed(team, submit(team, title="Soils of the Volta basin"))
    second = submit(team, title="Maize yields and rainfall onset")
    editorial.move(team.editor, second.pk, "start_screening")
    editorial.assign_editor(team.editor, second.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, second.pk, "send_to_review")
    later = reviews.invite(
        team.section_editor, second.pk, team.reviewer.user_id or 0, date.today() + timedelta(30)
    )
    third = submit(team, title="Cassava pests in the savanna")
    editorial.move(team.editor, third.pk, "start_screening")
    editorial.assign_editor(team.editor, third.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, third.pk, "send_to_review")
    sooner = reviews.invite(
        team.section_editor, third.pk, team.reviewer.user_id or 0, date.today() + timedelta(5)
    )
    mine = reviews.my_reviews(team.reviewer)
    assert [m.review.pk for m in mine] == [sooner.pk, later.pk, done.pk]
    assert [m.waiting for m in mine] == [True, True, False]
    assert mine[0].title == "Cassava pests in the savanna"
    assert mine[0].journal_title == "Journal of African Field Science"
    assert reviews.my_reviews(team.reviewer2) == []
    assert reviews.my_reviews(Actor(name="anonymous")) == []


def test_the_page_lists_them_and_links_each_review(node_home: Path) -> None:
    team = make_team()
    done = reviewed(team, submit(team, title="Soils of the Volta basin"))
    page = login(team.reviewer).get(reverse("journals:my-reviews"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Soils of the Volta basin" in html
    assert f'href="{reverse("journals:review", args=[done.pk])}"' in html
    assert "Completed" in html
    # the authors stay hidden (double-anonymous journal): the page names no author
    assert "Owusu" not in html and "Mensah" not in html
    other = login(team.reviewer2).get(reverse("journals:my-reviews")).content.decode()
    assert "Soils of the Volta basin" not in other
    anonymous = Client().get(reverse("journals:my-reviews"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
