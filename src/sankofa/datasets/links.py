"""The URLs of a dataset's pages and files, absolute (from ``SANKOFA_BASE_URL``), as
exports, feeds and mails need them.

A published version's persistent URL is its ARK at the node's resolver,
``<base>/ark:/<NAAN>/<name>``; citations prefer its DOI when one is registered.
Page URLs carry no language: ``/datasets/…`` sends a browser on to its language.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from sankofa.core.formats.record import File as ExportFile
from sankofa.core.formats.record import Landing
from sankofa.datasets.models import File, Record, Version

__all__ = ["absolute", "download_url", "landing", "landing_url", "pid_url", "record_url"]


def absolute(path: str) -> str:
    return f"{settings.SANKOFA_BASE_URL}{path}"


def ark_url(ark: str) -> str:
    return absolute(f"/{ark}")


def record_url(record: Record) -> str:
    """The concept: its ARK once published, else its page."""
    if record.ark:
        return ark_url(record.ark)
    return absolute(reverse("datafiles:record", args=[record.pk]))


def landing_url(version: Version) -> str:
    """The page of `version`: its ARK once published, else its language-neutral page."""
    if version.ark:
        return ark_url(version.ark)
    return absolute(reverse("datafiles:version", args=[version.record_id, version.number]))


def pid_url(version: Version) -> str:
    """What to cite: the DOI when registered at DataCite, else the ARK (else the page)."""
    if version.doi and version.doi_state in Version.CITABLE_DOI_STATES:
        return f"https://doi.org/{version.doi}"
    return landing_url(version)


def download_url(file: File, version: Version) -> str:
    return absolute(
        reverse("datafiles:download", args=[version.record_id, version.number, file.name])
    )


def landing(version: Version, *, with_files: bool = True) -> Landing:
    """What the exporters need besides the metadata (files only if they may be listed)."""
    files = tuple(
        ExportFile(
            name=f.name,
            size=f.size,
            sha256=f.sha256,
            md5=f.md5,
            media_type=f.media_type,
            download_url=download_url(f, version),
        )
        for f in (version.files.all() if with_files else ())
    )
    return Landing(landing_url=landing_url(version), pid_url=pid_url(version), files=files)
