"""Forge webhooks: signed deliveries shaped as GitHub, GitLab and Gitea/Forgejo document them."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.archive.repos import commit_files, git, new_repo
from tests.gitservers import SmartHTTPServer

from sankofa.archive import save, webhooks
from sankofa.archive.models import Origin, Visit
from sankofa.archive.save_models import SaveRequest
from sankofa.core.actors import Actor
from sankofa.core.jobs import runner

SECRET = "It's a Secret to Everybody"
URL = "https://example.org/t.git"
OPERATOR = Actor.operator("test")


def github_push(clone_url: str, private: bool = False) -> dict[str, Any]:
    """The parts of GitHub's documented push payload the node reads, and some it does not."""
    return {
        "ref": "refs/heads/main",
        "before": "0" * 40,
        "after": "1" * 40,
        "repository": {
            "id": 1296269,
            "name": "tool",
            "full_name": "team/tool",
            "private": private,
            "html_url": clone_url.removesuffix(".git"),
            "clone_url": clone_url,
            "git_url": clone_url.replace("https://", "git://"),
        },
        "pusher": {"name": "someone", "email": "someone@example.org"},
        "sender": {"login": "someone"},
    }


def gitlab_push(http_url: str, visibility: int = 20) -> dict[str, Any]:
    return {
        "object_kind": "push",
        "ref": "refs/heads/main",
        "project": {
            "id": 15,
            "name": "tool",
            "web_url": http_url.removesuffix(".git"),
            "git_http_url": http_url,
            "visibility_level": visibility,
        },
        "repository": {"name": "tool", "git_http_url": http_url, "visibility_level": visibility},
    }


def gitea_push(clone_url: str, private: bool = False) -> dict[str, Any]:
    return {
        "ref": "refs/heads/main",
        "repository": {
            "id": 1,
            "full_name": "team/tool",
            "private": private,
            "html_url": clone_url.removesuffix(".git"),
            "clone_url": clone_url,
        },
        "pusher": {"login": "someone"},
    }


def signed_headers(forge: str, body: bytes, event: str, secret: str = SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if forge == "github":
        return {
            "X-GitHub-Event": event,
            "X-Hub-Signature-256": "sha256=" + digest,
            "User-Agent": "GitHub-Hookshot/044aadd",
        }
    if forge == "gitlab":
        return {"X-Gitlab-Event": event, "X-Gitlab-Token": secret, "User-Agent": "GitLab/17.0"}
    prefix = "Forgejo" if forge == "forgejo" else "Gitea"
    return {f"X-{prefix}-Event": event, f"X-{prefix}-Signature": digest}


# --- pure parsing and verification -------------------------------------------------------


@pytest.mark.parametrize("forge", webhooks.FORGES)
def test_signatures_verify_only_with_the_secret_and_the_exact_body(forge: str) -> None:
    body = json.dumps(github_push("https://example.org/t.git")).encode()
    headers = signed_headers(forge, body, "push")
    webhooks.verify(forge, headers, body, SECRET)
    with pytest.raises(webhooks.BadSignature):
        webhooks.verify(forge, headers, body, "another secret")
    if forge != "gitlab":  # GitLab's token does not sign the body
        with pytest.raises(webhooks.BadSignature):
            webhooks.verify(forge, headers, body + b" ", SECRET)
    with pytest.raises(webhooks.BadSignature, match="no X-"):
        webhooks.verify(forge, {"X-GitHub-Event": "push"}, body, SECRET)


def test_github_signature_needs_its_prefix() -> None:
    body = b"{}"
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    with pytest.raises(webhooks.BadSignature, match="sha256="):
        webhooks.verify("github", {"X-Hub-Signature-256": digest}, body, SECRET)


@pytest.mark.parametrize(
    ("forge", "event", "payload", "kind"),
    [
        ("github", "push", github_push("https://example.org/t.git"), "push"),
        ("github", "release", {"action": "published", **github_push(URL)}, "release"),
        ("github", "create", {"ref_type": "tag", **github_push(URL)}, "tag"),
        ("gitlab", "Push Hook", gitlab_push("https://example.org/t.git"), "push"),
        ("gitlab", "Tag Push Hook", gitlab_push("https://example.org/t.git"), "tag"),
        ("gitlab", "Release Hook", gitlab_push("https://example.org/t.git"), "release"),
        ("gitea", "push", gitea_push("https://example.org/t.git"), "push"),
        ("forgejo", "release", gitea_push("https://example.org/t.git"), "release"),
    ],
)  # fmt: skip
def test_pushes_tags_and_releases_name_the_clone_url(
    forge: str, event: str, payload: dict[str, Any], kind: str
) -> None:
    body = json.dumps(payload).encode()
    headers = signed_headers(forge, body, event) | {"Content-Type": "application/json"}
    delivery = webhooks.parse(forge, headers, body)
    assert delivery == webhooks.Delivery(forge, kind, "https://example.org/t.git", False)


def test_other_events_and_bodies_are_refused() -> None:
    body = json.dumps(github_push("https://example.org/t.git")).encode()
    with pytest.raises(webhooks.WebhookError, match="'issues' is not a push"):
        webhooks.parse("github", {"X-GitHub-Event": "issues"}, body)
    with pytest.raises(webhooks.WebhookError, match="'create' is not a push"):
        webhooks.parse("github", {"X-GitHub-Event": "create"}, b'{"ref_type": "branch"}')
    with pytest.raises(webhooks.WebhookError, match="not a GitLab webhook"):
        webhooks.parse("gitlab", {"X-GitHub-Event": "push"}, body)
    with pytest.raises(webhooks.WebhookError, match="not valid JSON"):
        webhooks.parse("gitea", {"X-Gitea-Event": "push"}, b"payload=%7B%7D")
    form = {"X-GitHub-Event": "push", "Content-Type": "application/x-www-form-urlencoded"}
    with pytest.raises(webhooks.WebhookError, match="application/json"):
        webhooks.parse("github", form, body)
    with pytest.raises(webhooks.WebhookError, match="no repository URL"):
        webhooks.parse("github", {"X-GitHub-Event": "push"}, b'{"repository": {}}')
    private = webhooks.parse(
        "gitlab",
        {"X-Gitlab-Event": "Push Hook"},
        json.dumps(gitlab_push("https://e.org/t", 0)).encode(),
    )
    assert private.private  # fmt: skip


# --- the endpoints -----------------------------------------------------------------------


def deliver(client: Client, forge: str, payload: object, event: str, **kw: Any) -> Any:
    body = json.dumps(payload).encode()
    headers = signed_headers(forge, body, event, kw.pop("secret", SECRET))
    return client.post(
        f"/api/1/origin/save/webhook/{forge}/",
        body,
        content_type="application/json",
        headers=headers | kw,
    )


@pytest.mark.django_db
def test_without_a_secret_webhooks_answer_403(client: Client, settings: Any) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = None
    answer = deliver(client, "github", github_push("https://example.org/t.git"), "push")
    assert answer.status_code == 403
    assert answer.json() == {
        "exception": "ForbiddenExc",
        "reason": "webhooks are turned off: the node has no SANKOFA_WEBHOOK_SECRET",
    }
    assert not SaveRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("forge", webhooks.FORGES)
def test_a_wrong_signature_answers_403_and_saves_nothing(
    client: Client, settings: Any, forge: str
) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    event = "Push Hook" if forge == "gitlab" else "push"
    answer = deliver(client, forge, gitea_push("https://example.org/t.git"), event, secret="guess")
    assert answer.status_code == 403 and answer.json()["exception"] == "ForbiddenExc"
    assert not SaveRequest.objects.exists()


@pytest.mark.django_db
def test_ping_answers_pong_and_other_events_400(client: Client, settings: Any) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    ping = deliver(client, "github", {"zen": "Keep it logically awesome.", "hook_id": 1}, "ping")
    assert (ping.status_code, ping.json()) == (200, {"message": "pong"})
    issues = deliver(client, "github", github_push("https://example.org/t.git"), "issues")
    assert issues.status_code == 400 and "not a push" in issues.json()["reason"]
    private = deliver(client, "github", github_push("https://example.org/p.git", True), "push")
    assert private.status_code == 400 and "private" in private.json()["reason"]
    assert not SaveRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("forge", "payload", "event"),
    [
        ("github", github_push("https://example.org/t.git"), "push"),
        ("gitlab", gitlab_push("https://example.org/t.git"), "Push Hook"),
        ("gitea", gitea_push("https://example.org/t.git"), "push"),
        ("forgejo", gitea_push("https://example.org/t.git"), "push"),
    ],
)
def test_unknown_repositories_wait_for_review(
    client: Client, settings: Any, forge: str, payload: dict[str, Any], event: str
) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    answer = deliver(client, forge, payload, event)
    assert answer.status_code == 200
    body = answer.json()
    assert body["origin_url"] == "https://example.org/t.git"
    assert (body["visit_type"], body["save_request_status"]) == ("git", "pending")
    req = SaveRequest.objects.get()
    assert (req.from_webhook, req.webhook_origin) == (True, forge)
    # a second delivery for the same repository does not pile up requests
    assert deliver(client, forge, payload, event).json()["request_url"] == body["request_url"]
    assert SaveRequest.objects.count() == 1


@pytest.mark.django_db
def test_archived_repositories_are_saved_again_and_denied_ones_refused(
    client: Client, settings: Any
) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    Origin.objects.create(url="https://example.org/known.git")
    known = deliver(client, "gitea", gitea_push("https://example.org/known.git"), "push")
    assert known.json()["save_request_status"] == "accepted"
    save.add_rule(OPERATOR, "https://example.org/spam/", "deny")
    spam = deliver(client, "github", github_push("https://example.org/spam/x.git"), "push")
    assert spam.status_code == 403


@pytest.mark.django_db
def test_webhooks_are_not_rate_limited_like_people(client: Client, settings: Any) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    settings.SANKOFA_SAVE_RATE_LIMIT = "1,1"
    for n in range(3):
        url = f"https://example.org/t{n}.git"
        assert deliver(client, "github", github_push(url), "push").status_code == 200


@pytest.mark.django_db
def test_a_signed_push_archives_the_repository(
    client: Client, settings: Any, node_home: Path, tmp_path: Path, smart_http: SmartHTTPServer
) -> None:
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    repo = new_repo(tmp_path / "work")
    commit_files(repo, {"README": b"pushed\n"}, "first")
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(smart_http.base_path / "t.git"))
    url = smart_http.url("t.git")
    save.add_rule(OPERATOR, smart_http.url(""), "allow")
    answer = deliver(client, "github", github_push(url), "push")
    assert answer.json()["save_request_status"] == "accepted"
    req = SaveRequest.objects.get()
    assert req.job_id is not None
    assert runner.run(req.job_id) is runner.Outcome.SUCCEEDED
    done = client.get(answer.json()["request_url"]).json()
    assert done["save_task_status"] == "succeeded"
    assert done["from_webhook"] is True and done["webhook_origin"] == "github"
    assert done["snapshot_swhid"] == str(Visit.objects.get(origin__url=url).snapshot)
