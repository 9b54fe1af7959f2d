"""`sankofa datasets import` and `export`: every official DataCite 4.6 and 4.7 example
imports, publishes and exports back as DataCite XML equal to the original.

An imported record keeps its DOI (registered elsewhere: the node cites it and never
sends it to DataCite), and the import prints it as the persistent id. Publication adds
only the node's own identifiers: the version ARK as an alternate identifier and the
concept ARK as a related identifier ``IsVersionOf``; the comparison takes those two out
(`metadata.without_own_arks`) and compares canonical XML.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sankofa.cli import datasets
from sankofa.cli.errors import CommandError
from sankofa.core.formats.datacite import xml46, xml47
from sankofa.core.formats.datacite.vocabulary import RelatedIdentifierType
from sankofa.datasets import metadata, services
from sankofa.datasets.models import Community, Version
from tests.conftest import run_cli
from tests.core.datacite.canonical import canonical
from tests.core.exports.examples import EXAMPLES, IDS
from tests.datasets.conftest import OPERATOR

pytestmark = pytest.mark.django_db

FULL = next(path for kernel, path in EXAMPLES if kernel.version == "4.7" and "full" in path.name)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sankofa")
    datasets.add_parsers(p.add_subparsers(dest="command", required=True))
    return p


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Run one command in this process (on the test database); its output lines."""
    args = parser().parse_args(["datasets", *argv])
    assert args.func(args) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(("kernel", "path"), EXAMPLES, ids=IDS)
def test_example_imports_and_exports_back(
    kernel: object, path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    original = codec_of(kernel).read(path.read_bytes())
    lines = cli(capsys, "import", str(path), "--publish")
    assert lines[-1] == original.identifier.value  # the DOI it had, kept
    version = Version.objects.get(doi=lines[-1])
    assert version.doi_state == Version.DoiState.EXTERNAL
    ark = str(version.ark)
    assert version.state == Version.State.PUBLISHED and services.resolve(ark) == version
    key = "datacite-xml" if kernel.version == "4.6" else "datacite-xml-4.7"  # type: ignore[attr-defined]
    codec = codec_of(kernel)
    out = tmp_path / "export.xml"
    cli(capsys, "export", ark, "--format", key, "-o", str(out))
    exported = codec.read(out.read_bytes())
    assert exported.identifier == original.identifier
    # what the node added
    assert any(a.value == ark for a in exported.alternate_identifiers)
    assert any(
        r.identifier_type == RelatedIdentifierType.ARK and r.value == version.record.ark
        for r in exported.related_identifiers
    )
    restored = replace(metadata.without_own_arks(exported), identifier=exported.identifier)
    assert canonical(codec.write(restored)) == canonical(path.read_bytes())


def published_ark(lines: list[str]) -> str:
    """The ARK of the version an import published (it prints the DOI the record had)."""
    return str(Version.objects.get(doi=lines[-1]).ark)


def codec_of(kernel: object) -> Any:
    return xml46 if kernel.version == "4.6" else xml47  # type: ignore[attr-defined]


def test_an_imported_doi_is_kept_once_and_never_sent_to_datacite(
    capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    settings.SANKOFA_DATACITE_URL = "http://127.0.0.1:9"  # configured, but never called
    settings.SANKOFA_DATACITE_USER, settings.SANKOFA_DATACITE_PASSWORD = "user", "secret"
    settings.SANKOFA_DATACITE_PREFIX = "10.5072"
    lines = cli(capsys, "import", str(FULL), "--publish")
    version = Version.objects.get(doi=lines[-1])
    assert version.record.doi is None  # no concept DOI minted for a record moved here
    from sankofa.core.jobs.models import Job

    assert not Job.objects.filter(name__startswith="datasets.doi").exists()
    with pytest.raises(CommandError, match="is on this node already"):
        cli(capsys, "import", str(FULL))


def test_export_by_resolver_url_and_other_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, settings: object
) -> None:
    ark = published_ark(cli(capsys, "import", str(FULL), "--publish"))
    url = f"https://node.example.org/{ark}"
    out = tmp_path / "x.ttl"
    cli(capsys, "export", url, "--format", "dcat-ap", "-o", str(out))
    assert "a dcat:Dataset" in out.read_text()
    with pytest.raises(CommandError, match="no export format 'marc'"):
        cli(capsys, "export", ark, "--format", "marc")
    with pytest.raises(CommandError, match="ark:/99999/nothing"):
        cli(capsys, "export", "ark:/99999/nothing", "--format", "dcat-ap")


def test_draft_without_publish(capsys: pytest.CaptureFixture[str]) -> None:
    lines = cli(capsys, "import", str(FULL))
    version = Version.objects.get()
    assert version.state == Version.State.DRAFT and version.ark is None
    assert lines[-1].endswith(f"/datasets/drafts/{version.pk}/")
    assert version.resource() == xml47.read(FULL.read_bytes())


def test_community(capsys: pytest.CaptureFixture[str]) -> None:
    services.create_community(OPERATOR, "ocean-data", "Ocean data", review_required=True)
    ark = published_ark(cli(capsys, "import", str(FULL), "--community", "ocean-data", "--publish"))
    version = services.resolve(ark)
    assert version.record.community == Community.objects.get(slug="ocean-data")
    with pytest.raises(CommandError) as failed:
        cli(capsys, "import", str(FULL), "--community", "nope")
    assert str(failed.value) == "--community nope: no community with this slug"
    assert "\n" not in str(failed.value)


def test_bad_files_fail_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<resource>\n  <titles>\n</resource>\n')
    with pytest.raises(CommandError) as failed:
        cli(capsys, "import", str(broken))
    assert str(failed.value).startswith(f"{broken}: line 4: not well-formed XML: ")
    untitled = tmp_path / "untitled.xml"
    source = FULL.read_text()
    start, end = source.index("<titles>"), source.index("</titles>") + len("</titles>")
    untitled.write_text(source[:start] + "<titles/>" + source[end:])
    with pytest.raises(CommandError) as failed:
        cli(capsys, "import", str(untitled))
    message = str(failed.value)
    assert message.startswith(f"{untitled}: line ") and "titles" in message
    assert "\n" not in message
    with pytest.raises(CommandError, match="cannot read"):
        cli(capsys, "import", str(tmp_path / "missing.xml"))
    with pytest.raises(CommandError, match=r"--as nobody@example\.org: no account"):
        cli(capsys, "import", str(FULL), "--as", "nobody@example.org")
    assert not Version.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_sankofa_command_imports(node_home: Path, tmp_path: Path) -> None:
    done = run_cli(node_home, "datasets", "import", str(FULL), "--publish")
    assert done.returncode == 0, done.stderr
    doi = done.stdout.splitlines()[-1]
    assert doi == xml47.read(FULL.read_bytes()).identifier.value
    exported = run_cli(node_home, "datasets", "export", doi, "--format", "citation-apa")
    assert exported.returncode == 0, exported.stderr
    assert "ExampleFamilyName" in exported.stdout
    bad = tmp_path / "bad.xml"
    bad.write_text("<resource")
    failed = run_cli(node_home, "datasets", "import", str(bad))
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"sankofa: {bad}: line 1: not well-formed XML")
    assert failed.stderr.count("\n") == 1
