"""Two editors take a step on the same submission at the same moment: the row lock lets
one through and the other sees the new stage (and is refused), never a double step."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from sankofa.journals import editorial
from sankofa.journals.editorial import EditorialError
from sankofa.journals.models import StageEvent
from sankofa.journals.workflow import Action
from tests.journals.editorial_setup import make_team, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_moves_take_one_step(node_home: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are what is tested: PostgreSQL only")
    team = make_team()
    s = submit(team)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(actor_index: int) -> None:
        actor = (team.editor, team.manager)[actor_index]
        start.wait()
        try:
            editorial.move(actor, s.pk, Action.START_SCREENING)
            outcomes.append("moved")
        except EditorialError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    moved, refused = sorted(outcomes)  # "moved" sorts first
    assert moved == "moved"
    said = "“Start screening” is not possible now: the submission is at the stage “Screening”."
    assert said in refused
    steps = StageEvent.objects.filter(submission=s, action="start_screening")
    assert steps.count() == 1
