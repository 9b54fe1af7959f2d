"""Forge webhook deliveries: checking who sent them and what repository they name.

Pure functions of the headers and body bytes (no Django). Each forge proves a
delivery with the secret shared with the node:

- GitHub: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>``;
- Gitea and Forgejo: ``X-Gitea-Signature`` / ``X-Forgejo-Signature``: the bare hex
  HMAC-SHA256 of the body (Gogs' ``X-Gogs-Signature`` is the same);
- GitLab: ``X-Gitlab-Token``: the secret itself.

The event is named by ``X-GitHub-Event``, ``X-Gitlab-Event``, ``X-Gitea-Event`` /
``X-Forgejo-Event``. Pushes, tags and releases name a repository to save (its clone
URL: GitHub's and Gitea's ``repository.clone_url``, GitLab's
``repository.git_http_url``); a ping only checks the hook.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FORGES = ("github", "gitlab", "gitea", "forgejo")
FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea", "forgejo": "Forgejo"}
GITLAB_PUBLIC = 20  # GitLab's visibility_level of a public project


class WebhookError(ValueError):
    """The delivery cannot be used; the message says why, in one sentence."""


class BadSignature(WebhookError):
    """The delivery is not proven to come from a forge that knows the secret."""


@dataclass(frozen=True)
class Delivery:
    forge: str
    event: str  # "ping", "push", "tag" or "release"
    repo_url: str = ""
    private: bool = False


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def signature(body: bytes, secret: str) -> str:
    """The hex HMAC-SHA256 of `body` keyed with `secret` (what GitHub and Gitea send)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(forge: str, headers: Mapping[str, str], body: bytes, secret: str) -> None:
    """Raise BadSignature unless the delivery carries proof of `secret` for `forge`."""
    h = _lower(headers)
    name = FORGE_NAMES.get(forge, forge)
    if forge == "gitlab":
        token = h.get("x-gitlab-token")
        if token is None:
            raise BadSignature("the delivery has no X-Gitlab-Token header")
        if not hmac.compare_digest(token.encode(), secret.encode()):
            raise BadSignature("X-Gitlab-Token does not match the node's webhook secret")
        return
    if forge == "github":
        header, sent = "X-Hub-Signature-256", h.get("x-hub-signature-256")
        if sent is not None and not sent.startswith("sha256="):
            raise BadSignature("X-Hub-Signature-256 does not start with sha256=")
        sent = None if sent is None else sent.removeprefix("sha256=")
    elif forge in ("gitea", "forgejo"):
        header = "X-Gitea-Signature"
        sent = next(
            (
                h[k]
                for k in ("x-forgejo-signature", "x-gitea-signature", "x-gogs-signature")
                if k in h
            ),
            None,
        )
    else:
        raise WebhookError(f"unknown forge {forge!r}")
    if sent is None:
        raise BadSignature(f"the {name} delivery has no {header} header")
    if not hmac.compare_digest(sent.strip().lower().encode(), signature(body, secret).encode()):
        raise BadSignature(f"{header} does not match the body signed with the webhook secret")


def parse(forge: str, headers: Mapping[str, str], body: bytes) -> Delivery:
    """What the delivery is about; WebhookError if it is not a ping, push, tag or release."""
    h = _lower(headers)
    name = FORGE_NAMES.get(forge, forge)
    event = _event(forge, h)
    if event is None:
        raise WebhookError(f"the request carries no {name} event header: not a {name} webhook")
    if event == "ping":
        return Delivery(forge, "ping")
    content_type = h.get("content-type", "")
    if content_type and not content_type.startswith("application/json"):
        raise WebhookError(
            f"content type {content_type!r} is not application/json: "
            f"set the {name} webhook to send JSON"
        )
    payload = _json(body)
    kind = _kind(forge, event, payload)
    if kind is None:
        raise WebhookError(f"{name} event {event!r} is not a push, tag or release: nothing to save")
    url, private = _repository(forge, payload)
    if not url:
        raise WebhookError(f"the {name} payload names no repository URL")
    return Delivery(forge, kind, url, private)


def _event(forge: str, h: dict[str, str]) -> str | None:
    if forge == "github":
        return h.get("x-github-event")
    if forge == "gitlab":
        return h.get("x-gitlab-event")
    for key in ("x-forgejo-event", "x-gitea-event", "x-gogs-event"):
        if key in h:
            return h[key]
    return None


def _json(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookError("the payload is not valid JSON") from None
    if not isinstance(payload, dict):
        raise WebhookError("the payload is not a JSON object")
    return payload


def _kind(forge: str, event: str, payload: dict[str, Any]) -> str | None:
    if forge == "gitlab":
        return {"Push Hook": "push", "Tag Push Hook": "tag", "Release Hook": "release"}.get(event)
    if event in ("push", "release"):
        return event
    if event == "create" and payload.get("ref_type") == "tag":
        return "tag"
    return None


def _repository(forge: str, payload: dict[str, Any]) -> tuple[str, bool]:
    """(clone URL, whether the repository is private)."""
    repo = payload.get("repository")
    repo = repo if isinstance(repo, dict) else {}
    if forge == "gitlab":
        project = payload.get("project")
        project = project if isinstance(project, dict) else {}
        url = project.get("git_http_url") or repo.get("git_http_url")
        level = project.get("visibility_level", repo.get("visibility_level", GITLAB_PUBLIC))
        return (url if isinstance(url, str) else ""), level != GITLAB_PUBLIC
    url = repo.get("clone_url") or repo.get("html_url")
    return (url if isinstance(url, str) else ""), repo.get("private") is True
