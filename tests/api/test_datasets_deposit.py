"""The deposit API (/api/1/datasets/) over HTTP: tokens, errors naming fields, quotas."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import requests
from django.utils import timezone
from tusclient.client import TusClient

from sankofa.accounts.models import User
from sankofa.accounts.roles import grant_role
from sankofa.accounts.tokens import create_token
from sankofa.core.actors import Actor
from sankofa.core.jobs import runner
from sankofa.datasets.models import Change, File, Record, Version

OPERATOR = Actor.operator("test")
METADATA: dict[str, Any] = {
    "creators": [
        {
            "name": "Mensah, Ama",
            "nameIdentifiers": [
                {
                    "nameIdentifier": "https://orcid.org/0000-0002-1825-0097",
                    "nameIdentifierScheme": "ORCID",
                }
            ],
        }
    ],
    "titles": [{"title": "Rainfall in Accra", "lang": "en"}],
    "publisher": {"name": "Sankofa test node"},
    "publicationYear": 2026,
    "types": {"resourceTypeGeneral": "Dataset"},
    "rightsList": [{"rightsIdentifier": "CC-BY-4.0", "rightsIdentifierScheme": "SPDX"}],
}


def bearer(email: str, *roles: str) -> dict[str, str]:
    user = User.objects.create_user(email, "a long pass phrase", email_verified=timezone.now())
    for role in roles:
        grant_role(OPERATOR, user, role)
    return {"Authorization": f"Bearer {create_token(OPERATOR, user).text}"}


@pytest.fixture
def api(live_server: Any, node_home: Path, transactional_db: None) -> str:
    return f"{live_server.url}/api/1/datasets/"


@pytest.fixture
def ada(api: str) -> dict[str, str]:
    return bearer("ada@example.org", "depositor")


def new_draft(api: str, auth: dict[str, str], **body: Any) -> dict[str, Any]:
    answer = requests.post(f"{api}records/", json=body, headers=auth)
    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"] == answer.json()["links"]["self"]
    return answer.json()


def test_metadata_errors_name_every_bad_field(api: str, ada: dict[str, str]) -> None:
    bad = dict(METADATA, language="english")
    bad["creators"] = [
        {
            "name": "A",
            "nameIdentifiers": [
                {"nameIdentifier": "0000-0002-1825-0098", "nameIdentifierScheme": "ORCID"}
            ],
        }
    ]
    bad["rightsList"] = [{"rightsIdentifier": "Nonsense-1.0", "rightsIdentifierScheme": "SPDX"}]
    bad["titles"] = [{"lang": "en"}]
    answer = requests.post(f"{api}records/", json={"metadata": bad}, headers=ada)
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert set(errors) == {
        "language",
        "creators[0].nameIdentifiers[0].nameIdentifier",
        "rightsList[0].rightsIdentifier",
        "titles[0].title",
    }
    assert answer.json()["error"].startswith("the metadata has 4 problems")
    assert not Record.objects.exists()  # nothing half-written
    draft = new_draft(api, ada)
    put = requests.put(draft["links"]["metadata"], json={"titles": "x"}, headers=ada)
    assert put.status_code == 400 and "titles" in put.json()["errors"]
    put = requests.put(draft["links"]["metadata"], data=b"not json", headers=ada)
    assert put.status_code == 400 and put.json()["error"] == "the body is not JSON"
    access = requests.put(draft["links"]["access"], json={"access": "sometimes"}, headers=ada)
    assert access.status_code == 400 and set(access.json()["errors"]) == {"access"}
    access = requests.put(
        draft["links"]["access"], json={"access": "embargoed", "embargo_until": "soon"}, headers=ada
    )
    assert access.status_code == 400 and set(access.json()["errors"]) == {"embargo_until"}
    unknown = requests.post(f"{api}records/", json={"community": "nowhere"}, headers=ada)
    assert unknown.status_code == 400 and set(unknown.json()["errors"]) == {"community"}


def test_who_may_do_what(api: str, ada: dict[str, str]) -> None:
    anonymous = requests.post(f"{api}records/", json={})
    assert anonymous.status_code == 401 and anonymous.json()["exception"] == "AuthenticationFailed"
    assert "Bearer" in anonymous.headers["WWW-Authenticate"]
    reader = bearer("rita@example.org", "reader")
    assert requests.post(f"{api}records/", json={}, headers=reader).status_code == 403
    draft = new_draft(api, ada, metadata=METADATA)
    bob = bearer("bob@example.org", "depositor")
    assert requests.get(draft["links"]["self"], headers=bob).status_code == 404  # not his
    assert requests.get(draft["links"]["self"]).status_code == 404
    assert requests.put(draft["links"]["metadata"], json=METADATA, headers=bob).status_code == 403
    assert requests.delete(draft["links"]["self"], headers=bob).status_code == 403
    assert requests.get(f"{api}versions/999999/", headers=ada).status_code == 404
    assert requests.get(f"{api}versions/{2**64}/", headers=ada).status_code == 404
    assert requests.get(f"{api}records/{draft['record']}/").status_code == 404  # unpublished
    history = requests.get(draft["links"]["history"], headers=bob)
    assert history.status_code == 403


def test_lifecycle_with_tus_and_raw_bodies(api: str, ada: dict[str, str], tmp_path: Path) -> None:
    draft = new_draft(api, ada, metadata=METADATA)
    assert draft["state"] == "draft" and draft["metadata"]["doi"] == "(:tba)"
    assert draft["metadata"]["titles"] == [{"title": "Rainfall in Accra", "lang": "en"}]
    # a resumable upload with the real tus client, then attached
    data = bytes(range(256)) * 4096 + b"tail"
    (tmp_path / "big.bin").write_bytes(data)
    uploader = TusClient(api.replace("/api/1/datasets/", "/api/uploads/"), headers=ada).uploader(
        str(tmp_path / "big.bin"), chunk_size=256 * 1024
    )
    uploader.upload()
    upload_id = str(uploader.url).rstrip("/").rsplit("/", 1)[-1]
    files = draft["links"]["files"]
    attached = requests.post(files, json={"upload": upload_id, "name": "big.bin"}, headers=ada)
    assert attached.status_code == 201, attached.text
    assert attached.json()["sha256"] == hashlib.sha256(data).hexdigest()
    again = requests.post(files, json={"upload": upload_id, "name": "b2.bin"}, headers=ada)
    assert again.status_code == 400 and set(again.json()["errors"]) == {"upload"}
    # a raw body, streamed
    put = requests.put(f"{files}/rain.csv", data=b"year,rain\n2020,812\n", headers=ada)
    assert (
        put.status_code == 201
        and put.json()["md5"] == hashlib.md5(b"year,rain\n2020,812\n").hexdigest()
    )
    taken = requests.put(f"{files}/rain.csv", data=b"x", headers=ada)
    assert taken.status_code == 409
    bad_name = requests.put(f"{files}/%2E%2E", data=b"x", headers=ada)
    assert bad_name.status_code == 400 and set(bad_name.json()["errors"]) == {"name"}
    assert requests.put(f"{files}/gone.txt", data=b"x", headers=ada).status_code == 201
    assert requests.delete(f"{files}/gone.txt", headers=ada).status_code == 204
    listed = requests.get(files, headers=ada).json()
    assert [f["name"] for f in listed] == ["big.bin", "rain.csv"]
    # submit: no review in this record's (absent) community, so it is published
    published = requests.post(draft["links"]["submit"], headers=ada)
    assert published.status_code == 200, published.text
    version = published.json()
    assert version["state"] == "published" and version["ark"].startswith("ark:")
    assert version["links"]["ark"].endswith(version["ark"])
    frozen = requests.put(draft["links"]["metadata"], json=METADATA, headers=ada)
    assert frozen.status_code == 409
    public = requests.get(f"{api}records/{version['record']}/")
    assert public.status_code == 200 and public.json()["id"] == version["id"]
    assert [f["name"] for f in public.json()["files"]] == ["big.bin", "rain.csv"]
    # a new version, then discarded
    second = requests.post(version["links"]["versions"], headers=ada)
    assert second.status_code == 201 and second.json()["number"] == 2
    assert [f["name"] for f in second.json()["files"]] == ["big.bin", "rain.csv"]
    assert requests.post(version["links"]["versions"], headers=ada).status_code == 409
    assert requests.get(version["links"]["versions"]).json()[0]["number"] == 1  # drafts hidden
    assert len(requests.get(version["links"]["versions"], headers=ada).json()) == 2
    assert requests.delete(second.json()["links"]["self"], headers=ada).status_code == 204
    # withdrawal is for curators
    curator = bearer("carl@example.org", "curator")
    refused = requests.post(version["links"]["withdraw"], json={"reason": "x"}, headers=ada)
    assert refused.status_code == 403
    no_reason = requests.post(version["links"]["withdraw"], json={}, headers=curator)
    assert no_reason.status_code == 400 and set(no_reason.json()["errors"]) == {"reason"}
    gone = requests.post(
        version["links"]["withdraw"], json={"reason": "consent withdrawn"}, headers=curator
    )
    assert gone.status_code == 200 and gone.json()["state"] == "withdrawn"
    assert requests.get(f"{api}records/{version['record']}/").json()["files"] == []
    actions = [c["action"] for c in requests.get(version["links"]["history"], headers=ada).json()]
    assert actions == [
        "create_draft",
        "set_metadata",
        "add_file",
        "add_file",
        "add_file",
        "remove_file",
        "publish",
        "new_version",
        "discard_draft",
        "withdraw",
    ]


def test_a_quota_answers_413_and_keeps_nothing(
    api: str, ada: dict[str, str], settings: Any
) -> None:
    settings.SANKOFA_DATASET_RECORD_QUOTA = 1000
    draft = new_draft(api, ada)
    files = draft["links"]["files"]
    assert requests.put(f"{files}/a.bin", data=b"a" * 900, headers=ada).status_code == 201
    over = requests.put(f"{files}/b.bin", data=b"b" * 200, headers=ada)
    assert over.status_code == 413 and "quota" in over.json()["error"]
    assert list(File.objects.values_list("name", flat=True)) == ["a.bin"]
    assert Change.objects.filter(action="add_file").count() == 1


def test_a_url_is_fetched_by_a_job(api: str, ada: dict[str, str], settings: Any) -> None:
    draft = new_draft(api, ada)
    files = draft["links"]["files"]
    refused = requests.post(files, json={"url": "file:///etc/passwd", "name": "x"}, headers=ada)
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"url"}
    private = requests.post(files, json={"url": "http://127.0.0.1:9/x.csv"}, headers=ada)
    assert private.status_code == 400 and "public" in private.json()["errors"]["url"]
    both = requests.post(files, json={"url": "https://example.org/x", "upload": "u"}, headers=ada)
    assert both.status_code == 400
    settings.SANKOFA_FETCH_ALLOW_PRIVATE = True
    started = requests.post(files, json={"url": "http://127.0.0.1:9/x.csv"}, headers=ada)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] == "queued" and job["name"] == "datasets.fetch_url"
    runner.run(job["id"])  # nothing listens on port 9: the attempt fails, to be tried again
    seen = requests.get(job["links"]["self"], headers=ada).json()
    assert seen["attempts"] == 1 and "Connection refused" in seen["error"]
    other = bearer("bob@example.org", "depositor")
    assert requests.get(job["links"]["self"], headers=other).status_code == 404
    assert Version.objects.get().files.count() == 0
