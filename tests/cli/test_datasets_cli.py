"""`sankofa datasets import` and `export`: every official DataCite 4.6 and 4.7 example
imports, publishes and exports back as DataCite XML equal to the original.

Nothing is lost but what the node assigns at publication, stated here: the primary
identifier becomes the version's ARK (the example's DOI is not this node's to keep), the
version ARK is added as an alternate identifier and the concept ARK as a related
identifier ``IsVersionOf``. The comparison puts the original identifier back, takes the
two ARKs out (`metadata.without_own_arks`) and compares canonical XML.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pytest

from sankofa.cli import datasets
from sankofa.cli.errors import CommandError
from sankofa.core.formats.datacite import xml46, xml47
from sankofa.core.formats.datacite.vocabulary import RelatedIdentifierType
from sankofa.core.identifiers.ark import Ark
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
    lines = cli(capsys, "import", str(path), "--publish")
    ark = lines[-1]
    version = services.resolve(ark)
    assert version.state == Version.State.PUBLISHED and version.ark == ark
    key = "datacite-xml" if kernel.version == "4.6" else "datacite-xml-4.7"  # type: ignore[attr-defined]
    codec = xml46 if kernel.version == "4.6" else xml47  # type: ignore[attr-defined]
    out = tmp_path / "export.xml"
    cli(capsys, "export", ark, "--format", key, "-o", str(out))
    original = codec.read(path.read_bytes())
    exported = codec.read(out.read_bytes())
    # what the node assigned
    assert (exported.identifier.value, exported.identifier.identifier_type) == (ark, "ARK")
    assert any(a.value == ark for a in exported.alternate_identifiers)
    assert any(
        r.identifier_type == RelatedIdentifierType.ARK and r.value == version.record.ark
        for r in exported.related_identifiers
    )
    restored = replace(metadata.without_own_arks(exported), identifier=original.identifier)
    assert canonical(codec.write(restored)) == canonical(path.read_bytes())


def test_export_by_resolver_url_and_other_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, settings: object
) -> None:
    ark = cli(capsys, "import", str(FULL), "--publish")[-1]
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
    ark = cli(capsys, "import", str(FULL), "--community", "ocean-data", "--publish")[-1]
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
    ark = done.stdout.splitlines()[-1]
    assert Ark.parse(ark).naan == "99999"  # the node's database, not this test's
    exported = run_cli(node_home, "datasets", "export", ark, "--format", "citation-apa")
    assert exported.returncode == 0, exported.stderr
    assert "ExampleFamilyName" in exported.stdout
    bad = tmp_path / "bad.xml"
    bad.write_text("<resource")
    failed = run_cli(node_home, "datasets", "import", str(bad))
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"sankofa: {bad}: line 1: not well-formed XML")
    assert failed.stderr.count("\n") == 1
