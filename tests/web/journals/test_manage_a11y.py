"""The journal managers' pages and the about page pass axe-core's WCAG 2.2 A/AA rules in
headless Chromium, on a live node where the journal was made with `sankofa journals
create` (English and Arabic, right to left)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import LiveNode, _cli, fetch_page, node_env
from tests.web.test_accessibility import axe_violations, cookie_header, describe, sign_in

PAGES = [
    "new/",
    "a11y-admin/manage/",
    "a11y-admin/manage/sections/",
    "a11y-admin/manage/issues/",
    "a11y-admin/manage/team/",
    "a11y-admin/about/",
]


@pytest.fixture(scope="module")
def journal_node(live_node: LiveNode, node_database: str | None) -> LiveNode:
    env = node_env(live_node.home, node_database)
    out = _cli(
        live_node.home,
        env,
        "journals",
        "create",
        "a11y-admin",
        "--title",
        "Access Studies",
        "--language",
        "en",
        "--language",
        "ar",
        "--issn-online",
        "2049-3630",
    )
    assert out.splitlines()[-1].endswith("/en/journals/a11y-admin/")
    _cli(
        live_node.home,
        env,
        "journals",
        "role",
        "a11y-admin",
        "reader@example.org",
        "editor",
        "--name",
        "Reader One",
    )
    _cli(live_node.home, env, "journals", "issue", "a11y-admin", "--year", "2025")
    return live_node


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_manage_pages_are_accessible(chromium: Any, journal_node: LiveNode, lang: str) -> None:
    chromium.delete_all_cookies()
    failures = []
    try:
        sign_in(chromium, journal_node, lang)
        headers = {"Cookie": cookie_header(chromium)}
        for page in PAGES:
            path = f"/{lang}/journals/{page}"
            _, body = fetch_page(journal_node, path, **headers)
            assert b"<script" not in body.split(b"<main", 1)[1]
            chromium.get(journal_node.url(path))
            violations = axe_violations(chromium)
            if violations:
                failures.append(f"{path}:\n{describe(violations)}")
    finally:
        chromium.delete_all_cookies()
    assert not failures, "\n".join(failures)
    about = journal_node.get(f"/{lang}/journals/a11y-admin/about/")[2].decode()
    assert "Reader One" in about and "reader@example.org" not in about
