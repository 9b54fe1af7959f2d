"""Reading package manifests: ``package.json``, ``pyproject.toml``, R's ``DESCRIPTION``
and ``setup.cfg``.

Each says less than CodeMeta: a name, a version, a description, a licence, authors
(as single names: a manifest does not say which part is the family name), keywords
and links. A field a file leaves dynamic or empty is not said.
"""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from typing import Any

from sankofa.core.formats.citation import Author
from sankofa.core.formats.software import (
    MetadataError,
    SoftwareMetadata,
    iso_date,
    named,
    person,
    spdx,
    text,
    texts,
)

REPOSITORY_KEYS = ("repository", "source", "source code", "code", "github")
HOME_KEYS = ("homepage", "home", "documentation")
R_LICENSES = {
    "GPL-2": "GPL-2.0-only",
    "GPL-3": "GPL-3.0-only",
    "GPL (>= 2)": "GPL-2.0-or-later",
    "GPL (>= 3)": "GPL-3.0-or-later",
    "LGPL-2.1": "LGPL-2.1-only",
    "LGPL-3": "LGPL-3.0-only",
    "AGPL-3": "AGPL-3.0-only",
    "Apache License 2.0": "Apache-2.0",
    "Apache License (== 2.0)": "Apache-2.0",
}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MetadataError(f"not UTF-8: {exc}") from None


def _urls(links: dict[str, str]) -> tuple[str, str]:
    """(repository, home page) among named links."""
    lowered = {k.strip().lower(): v for k, v in links.items()}
    repo = next((lowered[k] for k in REPOSITORY_KEYS if lowered.get(k)), "")
    home = next((lowered[k] for k in HOME_KEYS if lowered.get(k)), "")
    return repo, home


def _npm_people(value: object) -> tuple[Author, ...]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name", "")
        if isinstance(item, str) and named(item).display:
            found.append(named(item))
    return tuple(found)


def read_package_json(data: bytes) -> SoftwareMetadata:
    try:
        document = json.loads(_decode(data))
    except (ValueError, RecursionError) as exc:
        raise MetadataError(f"not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise MetadataError("not a JSON object")
    repo = document.get("repository")
    repo = repo.get("url", "") if isinstance(repo, dict) else repo
    licence = document.get("license") or document.get("licenses") or []
    return SoftwareMetadata(
        name=text(document.get("name")),
        description=text(document.get("description")),
        version=text(document.get("version")),
        authors=_npm_people(document.get("author")) + _npm_people(document.get("contributors")),
        licenses=tuple(t for t in (spdx(x) for x in texts(_npm_license(licence))) if t),
        keywords=texts(document.get("keywords")),
        code_repository=re.sub(r"^git\+", "", text(repo)),
        url=text(document.get("homepage")),
    )


def _npm_license(value: object) -> object:
    if isinstance(value, dict):
        return value.get("type", "")
    if isinstance(value, list):
        return [v.get("type", "") if isinstance(v, dict) else v for v in value]
    return value


def read_pyproject(data: bytes) -> SoftwareMetadata:
    try:
        document = tomllib.loads(_decode(data))
    except tomllib.TOMLDecodeError as exc:
        raise MetadataError(f"not TOML: {exc}") from None
    project = document.get("project")
    if not isinstance(project, dict):
        raise MetadataError("no [project] table")
    licence = project.get("license")
    if isinstance(licence, dict):
        licence = licence.get("text", "")
    links = project.get("urls")
    links = links if isinstance(links, dict) else {}
    repo, home = _urls({str(k): text(v) for k, v in links.items()})
    people = project.get("authors")
    people = people if isinstance(people, list) else []
    return SoftwareMetadata(
        name=text(project.get("name")),
        description=text(project.get("description")),
        version=text(project.get("version")),
        authors=tuple(a for a in (_py_author(p) for p in people) if a is not None),
        licenses=tuple(t for t in (spdx(x) for x in texts(licence)) if t),
        keywords=texts(project.get("keywords")),
        code_repository=repo,
        url=home,
    )


def _py_author(value: object) -> Author | None:
    if not isinstance(value, dict) or not text(value.get("name")):
        return None
    return named(text(value.get("name")))


def control_fields(source: str) -> dict[str, str]:
    """The fields of a Debian-control-format paragraph; continuation lines are joined."""
    found: dict[str, str] = {}
    current = ""
    for line in source.splitlines():
        if line[:1] in (" ", "\t") and current:
            found[current] += "\n" + line.strip()
        elif ":" in line:
            current, _, value = line.partition(":")
            current = current.strip()
            found[current] = value.strip()
        elif line.strip():
            raise MetadataError(f"line {line[:40]!r} is neither a field nor a continuation")
    return found


R_PERSON = re.compile(r"person\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)", re.DOTALL)
R_ARG = re.compile(r'(?:(\w+)\s*=\s*)?(?:c\s*\()?\s*(?:\w+\s*=\s*)?"([^"]*)"')


def _r_authors(code: str) -> tuple[Author, ...]:
    """Authors (role ``aut``/``cre``) from R's ``Authors@R`` ``person(...)`` calls."""
    found = []
    for call in R_PERSON.findall(code):
        args = R_ARG.findall(call)
        positional = [v for k, v in args if not k]
        named_args = {k: v for k, v in args if k}
        roles = re.findall(r'"(aut|cre|ctb|cph|fnd|ths|trl)"', call)
        if roles and not {"aut", "cre"} & set(roles):
            continue
        given = named_args.get("given", positional[0] if positional else "")
        family = named_args.get("family", positional[1] if len(positional) > 1 else "")
        orcid_match = re.search(r'ORCID\s*=\s*"([^"]+)"', call)
        author = person(
            given=given, family=family, orcid=orcid_match.group(1) if orcid_match else ""
        )
        if author.display:
            found.append(author if family else Author(name=author.display))
    return tuple(found)


def read_description(data: bytes) -> SoftwareMetadata:
    found = control_fields(_decode(data))
    if "Package" not in found:
        raise MetadataError("no Package field")
    licence = re.sub(r"\s*\+\s*file\s+LICEN[SC]E\s*$", "", found.get("License", ""))
    urls = [u.strip() for u in re.split(r"[,\s]+", found.get("URL", "")) if u.strip()]
    repo = next((u for u in urls if re.search(r"github|gitlab|codeberg|bitbucket", u)), "")
    authors = _r_authors(found.get("Authors@R", ""))
    if not authors and found.get("Author"):
        authors = tuple(named(a) for a in re.split(r",|\band\b", found["Author"]) if a.strip())
    return SoftwareMetadata(
        name=found["Package"],
        description=" ".join(found.get("Description", found.get("Title", "")).split()),
        version=found.get("Version", ""),
        date_published=iso_date(found.get("Date", "")),
        authors=authors,
        licenses=(R_LICENSES.get(licence, licence),) if licence else (),
        code_repository=repo,
        url=next((u for u in urls if u != repo), ""),
    )


def read_setup_cfg(data: bytes) -> SoftwareMetadata:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_decode(data))
    except configparser.Error as exc:
        raise MetadataError(f"not an INI file: {' '.join(str(exc).split())}") from None
    if not parser.has_section("metadata"):
        raise MetadataError("no [metadata] section")
    meta: dict[str, Any] = dict(parser["metadata"])
    links = dict(
        (k.strip(), v.strip())
        for k, _, v in (line.partition("=") for line in meta.get("project_urls", "").splitlines())
        if v.strip()
    )
    repo, home = _urls(links)
    version = meta.get("version", "")
    return SoftwareMetadata(
        name=text(meta.get("name")),
        description=text(meta.get("description")),
        version="" if version.startswith(("attr:", "file:")) else text(version),
        authors=tuple(named(a) for a in texts(meta.get("author", ""), split=",")),
        licenses=(text(meta["license"]),) if text(meta.get("license")) else (),
        keywords=texts(meta.get("keywords", "").replace("\n", ","), split=","),
        code_repository=repo,
        url=text(meta.get("url")) or home,
    )
