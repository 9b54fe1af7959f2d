"""Whatever a client sends, the API answers 2xx or 4xx with JSON: never a server error."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import Archived

ROUTES = [
    "content/{}/",
    "content/sha1_git:{}/",
    "content/{}/raw/",
    "directory/{}/",
    "directory/{root}/{}/",
    "directory/{root}/{}/{}/",
    "revision/{}/",
    "revision/{head}/log/?limit={}&offset={}",
    "revision/{}/raw/",
    "release/{}/",
    "snapshot/{}/",
    "snapshot/{snapshot}/?branches_from={}&branches_count={}&target_types={}",
    "origin/{}/get/",
    "origin/{url}/visits/?per_page={}&last_visit={}",
    "origin/{url}/visit/{}/",
    "origin/{}/visit/latest/?require_snapshot={}&visit_type={}",
    "origin/search/{}/?limit={}&page_token={}&with_visit={}",
    "resolve/{}/",
    "resolve/swh:1:dir:{root};origin={};path={}/",
    "{}",
]

# text that is close to valid (hex, SWHID parts, numbers) as well as anything at all
pieces = st.one_of(
    st.text(min_size=0, max_size=60),
    st.binary(max_size=40),
    st.text(alphabet="0123456789abcdefABCDEF:;=/%\\", max_size=70),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["sha1_git:", "swh:1:cnt:", "swh:1:snp:", "true", "alias", "..", ""]),
)


def fill(route: str, values: list[str | bytes], tricky: Archived) -> str:
    known = {
        "root": tricky.ids["tree_root"],
        "head": tricky.ids["head"],
        "snapshot": tricky.snapshot[10:],
        "url": quote(tricky.url, safe=":/"),
    }
    quoted = [quote(v, safe="") for v in values]
    return "/api/1/" + route.format(*quoted, **known)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), values=st.lists(pieces, min_size=4, max_size=4))
def test_no_request_is_a_server_error(
    tricky: Archived, client: Any, route: str, values: list[str | bytes]
) -> None:
    response = client.get(fill(route, values, tricky))
    assert response.status_code in (200, 400, 404), response.content[:300]
    if response.status_code != 200 or response["Content-Type"] == "application/json":
        json.loads(response.content)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=50),
            lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner),
            max_leaves=20,
        ).map(lambda v: json.dumps(v).encode()),
        st.lists(st.text(alphabet="swh:1cntdirevlp;0123456789abcdef", max_size=60)).map(
            lambda v: json.dumps(v).encode()
        ),
    )
)
def test_known_never_fails_on_any_body(tricky: Archived, client: Any, body: bytes) -> None:
    response = client.post("/api/1/known/", body, content_type="application/json")
    assert response.status_code in (200, 400), response.content[:300]
    answer = response.json()
    if response.status_code == 200:
        assert all(set(v) == {"known"} for v in answer.values())
    else:
        assert answer["exception"] == "BadInputExc"


def test_deeply_nested_body_is_a_400(tricky: Archived, client: Any) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    response = client.post("/api/1/known/", body, content_type="application/json")
    assert response.status_code == 400
