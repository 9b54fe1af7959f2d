"""System checks for the blob store settings, through Django's check framework."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.checks import CheckMessage, Error, run_checks
from django.core.checks import Warning as CheckWarning
from django.test import override_settings

from sankofa.core.checks import check_blobstore


def ids(messages: list[CheckMessage]) -> list[str]:
    return [str(m.id) for m in messages]


@pytest.fixture
def no_aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An environment where boto3 can find no credentials (and asks no metadata service)."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def aws_credentials(no_aws_credentials: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def test_checks_are_registered_under_the_sankofa_tag() -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL="nonsense://x"):
        messages = run_checks(tags=["sankofa"])
    assert ids(messages) == ["sankofa.E001"]


def test_memory_store_is_fine() -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL="memory:", SANKOFA_S3_ENDPOINT_URL=None):
        assert check_blobstore() == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("nonsense://x", "scheme"),
        ("file:relative/path", "absolute"),
        ("s3://", "no bucket"),
        ("", "non-empty"),
        (None, "non-empty"),
    ],
)
def test_invalid_url_is_an_error(url: object, reason: str) -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL=url):
        (message,) = check_blobstore()
    assert isinstance(message, Error)
    assert message.id == "sankofa.E001"
    assert "SANKOFA_BLOBSTORE_URL" in message.msg
    assert reason in message.msg


def test_writable_local_root_is_fine(tmp_path: Path) -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL=tmp_path.as_uri()):
        assert check_blobstore() == []
    with override_settings(SANKOFA_BLOBSTORE_URL=(tmp_path / "not" / "yet").as_uri()):
        assert check_blobstore() == []
    assert not (tmp_path / "not").exists()  # the check creates nothing


def test_local_root_under_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x")
    with override_settings(SANKOFA_BLOBSTORE_URL=(tmp_path / "plain-file" / "blobs").as_uri()):
        (message,) = check_blobstore()
    assert isinstance(message, Error)
    assert message.id == "sankofa.E002"
    assert "plain-file" in message.msg and "not a directory" in message.msg


def test_local_root_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "blobs").write_text("x")
    with override_settings(SANKOFA_BLOBSTORE_URL=(tmp_path / "blobs").as_uri()):
        assert ids(check_blobstore()) == ["sankofa.E002"]


def test_blocked_temporary_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "tmp").write_text("in the way")
    with override_settings(SANKOFA_BLOBSTORE_URL=tmp_path.as_uri()):
        (message,) = check_blobstore()
    assert message.id == "sankofa.E002"
    assert "tmp" in message.msg


@pytest.mark.skipif(os.geteuid() == 0, reason="permission bits do not bind root")
def test_read_only_local_root_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "blobs"
    root.mkdir()
    root.chmod(0o555)
    try:
        with override_settings(SANKOFA_BLOBSTORE_URL=root.as_uri()):
            (message,) = check_blobstore()
    finally:
        root.chmod(0o755)
    assert message.id == "sankofa.E002"
    assert "not writable" in message.msg


@pytest.mark.usefixtures("no_aws_credentials")
def test_s3_without_credentials_is_a_warning() -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL="s3://some-bucket/blobs"):
        (message,) = check_blobstore()
    assert isinstance(message, CheckWarning) and not isinstance(message, Error)
    assert message.id == "sankofa.W001"
    assert "credentials" in message.msg


@pytest.mark.usefixtures("aws_credentials")
def test_s3_with_credentials_is_fine() -> None:
    with override_settings(
        SANKOFA_BLOBSTORE_URL="s3://some-bucket/blobs",
        SANKOFA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    ):
        assert check_blobstore() == []


@pytest.mark.usefixtures("aws_credentials")
@pytest.mark.parametrize("endpoint", ["127.0.0.1:9000", "ftp://host", "http://", 9000])
def test_bad_s3_endpoint_is_an_error(endpoint: object) -> None:
    with override_settings(
        SANKOFA_BLOBSTORE_URL="s3://some-bucket/blobs", SANKOFA_S3_ENDPOINT_URL=endpoint
    ):
        assert ids(check_blobstore()) == ["sankofa.E003"]


def test_errors_are_reported_together() -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL="s3://", SANKOFA_S3_ENDPOINT_URL="nope"):
        assert ids(check_blobstore()) == ["sankofa.E003", "sankofa.E001"]
