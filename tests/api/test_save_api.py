"""``/api/1/origin/save/``: Software Heritage's Save Code Now API, on a real archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from django.test import Client
from django.utils import timezone
from tests.archive.repos import commit_files, git, new_repo
from tests.gitservers import SmartHTTPServer

from sankofa.accounts.models import User
from sankofa.accounts.tokens import create_token
from sankofa.archive import save
from sankofa.archive.models import Visit
from sankofa.core.actors import Actor
from sankofa.core.jobs import runner

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")
FIELDS = {
    "id", "request_url", "origin_url", "visit_type", "save_request_date", "save_request_status",
    "save_task_status", "visit_status", "visit_date", "loading_task_id", "note", "from_webhook",
    "webhook_origin", "snapshot_swhid",
}  # fmt: skip


def save_path(url: str, visit_type: str = "git") -> str:
    return f"/api/1/origin/save/{visit_type}/url/{url}/"


def test_post_then_get_a_pending_request(client: Client) -> None:
    url = "https://example.org/team/tool.git"
    answer = client.post(save_path(url))
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == FIELDS
    assert body["origin_url"] == url
    assert (body["save_request_status"], body["save_task_status"]) == ("pending", "not created")
    assert body["visit_date"] is None and body["snapshot_swhid"] is None
    assert body["request_url"] == f"http://testserver/api/1/origin/save/{body['id']}/"
    one = client.get(f"/api/1/origin/save/{body['id']}/")
    assert one.status_code == 200 and one.json() == body
    listed = client.get(save_path(url))
    assert listed.status_code == 200 and listed.json() == [body]


@pytest.mark.parametrize(
    ("path", "status", "exception", "words"),
    [
        (save_path("https://example.org/r", "hg"), 400, "BadInputExc", "visit_type"),
        (save_path("ftp://example.org/r"), 400, "BadInputExc", "origin_url: unsupported scheme"),
        (save_path("https://u:p@example.org/r"), 400, "BadInputExc", "origin_url: credentials"),
        (save_path("http://127.0.0.1/r"), 400, "BadInputExc", "local or private host"),
        (save_path("file:///etc"), 400, "BadInputExc", "origin_url"),
    ],
)
def test_bad_input_answers_json_naming_the_field(
    client: Client, path: str, status: int, exception: str, words: str
) -> None:
    answer = client.post(path)
    assert answer.status_code == status
    assert answer.json()["exception"] == exception
    assert words in answer.json()["reason"]


def test_unknown_requests_answer_404_and_malformed_ids_400(client: Client) -> None:
    missing = client.get(save_path("https://example.org/nothing"))
    assert missing.status_code == 404 and missing.json()["exception"] == "NotFoundExc"
    assert client.get("/api/1/origin/save/999999/").status_code == 404
    bad = client.get("/api/1/origin/save/99999999999999999999999/")
    assert bad.status_code == 400 and "request_id" in bad.json()["reason"]
    assert client.delete(save_path("https://example.org/x")).status_code == 405


def test_a_denied_url_answers_403_and_is_recorded(client: Client) -> None:
    save.add_rule(OPERATOR, "https://spam.example.org/", "deny")
    answer = client.post(save_path("https://spam.example.org/a"))
    assert answer.status_code == 403
    assert answer.json()["exception"] == "ForbiddenExc"
    listed = client.get(save_path("https://spam.example.org/a")).json()
    assert [r["save_request_status"] for r in listed] == ["rejected"]


def test_anonymous_requests_are_rate_limited_per_address(client: Client, settings: Any) -> None:
    settings.SANKOFA_SAVE_RATE_LIMIT = "3,1"
    assert client.post(save_path("https://example.org/1")).status_code == 200
    limited = client.post(save_path("https://example.org/2"))
    assert limited.status_code == 429
    assert limited.json()["exception"] == "Throttled"
    assert 0 < int(limited["Retry-After"]) <= 3601
    other = client.post(save_path("https://example.org/2"), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_a_token_makes_the_request_the_users(client: Client, settings: Any) -> None:
    settings.SANKOFA_SAVE_RATE_LIMIT = "2,1"
    user = User.objects.create_user(
        "someone@example.org", "a long pass phrase", email_verified=timezone.now()
    )
    token = create_token(OPERATOR, user).text
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for n in range(2):
        assert client.post(save_path(f"https://example.org/{n}"), **auth).status_code == 200
    assert client.post(save_path("https://example.org/9"), **auth).status_code == 429
    assert [r.pk for r in save.requests_of(Actor(name="x", user_id=user.pk))]


def test_a_url_mangled_by_a_client_is_repaired(client: Client) -> None:
    answer = client.post("/api/1/origin/save/git/url/https:/example.org/r.git/")
    assert answer.json()["origin_url"] == "https://example.org/r.git"


@pytest.mark.django_db(transaction=True)
def test_accepted_request_archives_through_a_live_node(
    node_home: Path, tmp_path: Path, smart_http: SmartHTTPServer, live_server: Any
) -> None:
    repo = new_repo(tmp_path / "work")
    commit_files(repo, {"README": b"saved\n"}, "first")
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(smart_http.base_path / "r.git"))
    url = smart_http.url("r.git")
    save.add_rule(OPERATOR, smart_http.url(""), "allow")
    api = f"{live_server.url}/api/1/origin/save"
    with requests.Session() as http:
        body = http.post(f"{api}/git/url/{url}/", timeout=60).json()
        assert body["save_request_status"] == "accepted"
        assert body["save_task_status"] in ("not yet scheduled", "scheduled")
        assert runner.run(body["loading_task_id"]) is runner.Outcome.SUCCEEDED
        done = http.get(body["request_url"], timeout=60).json()
    visit = Visit.objects.get(origin__url=url)
    assert done["save_task_status"] == "succeeded"
    assert done["visit_status"] == "full"
    assert done["snapshot_swhid"] == str(visit.snapshot)
    assert done["snapshot_url"].endswith(f"/api/1/snapshot/{done['snapshot_swhid'][10:]}/")
