"""Dataset commands: ``datasets import FILE.xml`` and ``datasets export ID --format KEY``.

``import`` reads a DataCite XML file (kernel 4.x; kernel-4.7 rules, which accept every
4.6 document), creates a draft with that metadata as the node's operator (or as the
account given with ``--as EMAIL``), publishes it with ``--publish`` and prints, as its last
line, the persistent id: the version's ARK once published (its DOI when one is registered),
else the draft's page. ``export`` prints a published version (named by ARK) in one of the
export formats (`sankofa.datasets.exports`), or writes it to ``-o FILE``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sankofa.cli.errors import CommandError


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("datasets", help="open research data: import and export records")
    dsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = dsub.add_parser("import", help="create a record from a DataCite XML file")
    imp.add_argument("file", metavar="FILE.xml", type=Path)
    imp.add_argument("--publish", action="store_true", help="publish it at once")
    imp.add_argument("--community", metavar="SLUG", help="deposit it in this community")
    imp.add_argument("--as", dest="as_user", metavar="EMAIL", help="act as this account")
    imp.set_defaults(func=run_import, needs_django=True)
    exp = dsub.add_parser("export", help="a published version in an export format")
    exp.add_argument("ark", metavar="ID", help="an ARK or a DOI of the version (or its record)")
    exp.add_argument("--format", dest="key", required=True, metavar="KEY")
    exp.add_argument("-o", "--output", type=Path, metavar="FILE")
    exp.set_defaults(func=run_export, needs_django=True)
    fix = dsub.add_parser("fixity", help="the last fixity report of the published files")
    fix.add_argument("--run", action="store_true", help="check every file now first")
    fix.set_defaults(func=run_fixity, needs_django=True)
    idx = dsub.add_parser("reindex", help="rebuild the search index of datasets")
    idx.set_defaults(func=run_reindex, needs_django=True)


def read_metadata(path: Path) -> Any:
    """The `Resource` in DataCite XML file `path`; CommandError names the file and line."""
    from lxml import etree

    from sankofa.core.formats.datacite import DataCiteError, xml47

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror or exc}") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CommandError(f"{path}: line {exc.lineno}: not well-formed XML: {exc.msg}") from None
    try:
        return xml47.read(data)
    except DataCiteError as exc:
        line = _line_of(tree, exc.path)
        where = f"line {line}: " if line else ""
        raise CommandError(f"{path}: {where}{exc}") from None


def _line_of(root: Any, path: str) -> int | None:
    """The source line of the element a DataCiteError path names (its nearest ancestor)."""
    node = root
    for step in path.split("/"):
        if not step or step.startswith("@"):
            break
        name, _, index = step.partition("[")
        found = [c for c in node if isinstance(c.tag, str) and c.tag.endswith("}" + name)]
        n = int(index.rstrip("]")) if index.rstrip("]").isdigit() else 1
        if len(found) < n:
            break
        node = found[n - 1]
    line = getattr(node, "sourceline", None)
    return int(line) if line else None


def _actor(as_user: str | None) -> Any:
    from sankofa.core.actors import Actor

    if not as_user:
        return Actor.operator("cli")
    from sankofa.accounts.models import User, normalize_email
    from sankofa.accounts.roles import actor_for

    user = User.objects.filter(email=normalize_email(as_user)).first()
    if user is None:
        raise CommandError(f"--as {as_user}: no account with this email")
    return actor_for(user)


def _community(slug: str | None) -> Any:
    from sankofa.datasets.models import Community

    if slug is None:
        return None
    found = Community.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"--community {slug}: no community with this slug")
    return found


def run_import(args: argparse.Namespace) -> int:
    from sankofa.core.actors import PermissionDenied
    from sankofa.datasets import services
    from sankofa.datasets.errors import DatasetError

    resource = read_metadata(args.file)
    actor = _actor(args.as_user)
    community = _community(args.community)
    try:
        draft = services.create_draft(actor, community, doi=_doi_of(resource))
        services.set_metadata(actor, draft.pk, resource)
        version = _publish(actor, draft.pk) if args.publish else draft
    except (DatasetError, PermissionDenied, ValueError) as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    print(f"record {version.record_id}, version {version.number}: {version.state}")
    print(_persistent_id(version))
    return 0


def _doi_of(resource: Any) -> str | None:
    """The DOI the imported record has already (kept: it is cited by it), if any."""
    identifier = resource.identifier
    if identifier.identifier_type.upper() != "DOI" or identifier.value.strip() == "(:tba)":
        return None
    return str(identifier.value)


def _publish(actor: Any, version_id: int) -> Any:
    from sankofa.datasets import services
    from sankofa.datasets.models import Version

    version = services.submit(actor, version_id)
    if version.state == Version.State.IN_REVIEW:
        version = services.publish(actor, version_id)
    return version


def _persistent_id(version: Any) -> str:
    from django.urls import reverse

    from sankofa.datasets import links

    if version.ark:
        url = links.pid_url(version)
        doi = url.startswith("https://doi.org/")
        return url.removeprefix("https://doi.org/") if doi else str(version.ark)
    return links.absolute(reverse("datasets:draft", args=[version.pk]))


def run_export(args: argparse.Namespace) -> int:
    from sankofa.core.identifiers.ark import ArkError
    from sankofa.datasets import exports, services
    from sankofa.datasets.errors import DatasetError

    try:
        version = services.resolve_any(args.ark)
        fmt = exports.by_key(args.key)
        chunks = exports.stream(version, fmt)
        if args.output is None:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            with open(args.output, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
    except (ArkError, DatasetError, ValueError) as exc:
        raise CommandError(f"{args.ark}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"{args.output}: {exc.strerror or exc}") from None
    return 0


def run_fixity(args: argparse.Namespace) -> int:
    """Print the newest fixity report (after checking now with --run); exit 1 if a file
    is damaged or missing."""
    from sankofa.core import jobs
    from sankofa.core.actors import Actor
    from sankofa.core.jobs import runner
    from sankofa.datasets import fixity

    if args.run:
        job = jobs.enqueue(Actor.operator("cli"), "datasets.fixity_all")
        runner.run(job.pk)
    last = fixity.last_report()
    if last is None:
        raise CommandError("no fixity report yet: run `sankofa datasets fixity --run`")
    report, job_id = last
    print(f"job {job_id}: " + fixity.render(report))
    return 0 if report.ok else 1


def run_reindex(args: argparse.Namespace) -> int:
    """Rebuild the dataset search index from the records; print how many are found."""
    from sankofa.datasets import search_index

    print(f"{search_index.reindex_all()} records indexed")
    return 0
