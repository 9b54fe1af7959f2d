"""``sankofa journals import-ojs``, ``fixity``, ``export-bags`` and ``report``, run in this
process on the test database: their output, exit status, and one-line errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import bagit
import pytest

from sankofa.cli import journals
from sankofa.cli.errors import CommandError
from sankofa.journals.models import Article, Galley, Journal
from tests.core.article.test_ojs_native import handmade_34
from tests.journals.preservation_setup import blob_file, flip_one_byte, make_journal, publish
from tests.journals.reports_setup import EXPECTED_2025, build_2025

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    p = argparse.ArgumentParser(prog="sankofa")
    journals.add_parsers(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(["journals", *argv])
    status = args.func(args)
    return status, capsys.readouterr().out.splitlines()


def test_import_ojs(node_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = make_journal()
    export = tmp_path / "export.xml"
    export.write_bytes(handmade_34())
    status, lines = run(capsys, "import-ojs", str(export), "--journal", journal.slug, "--dry-run")
    assert status == 0 and lines[0].startswith("dry run, nothing written: 1 article(s)")
    assert not Article.objects.exists()
    status, lines = run(capsys, "import-ojs", str(export), "--journal", journal.slug)
    assert status == 0 and lines[0].startswith("1 article(s) imported with 1 galley(s)")
    assert any("not kept: " in line and "rivers.html" in line for line in lines)
    status, lines = run(capsys, "import-ojs", str(export), "--journal", journal.slug)
    assert lines[0].startswith("0 article(s)") and lines[1].startswith("1 article(s) skipped")
    assert Article.objects.count() == 1


def test_import_ojs_errors(
    node_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = make_journal()
    with pytest.raises(CommandError, match="--journal nope: no journal"):
        run(capsys, "import-ojs", str(tmp_path / "x.xml"), "--journal", "nope")
    with pytest.raises(CommandError, match=r"x\.xml: cannot read"):
        run(capsys, "import-ojs", str(tmp_path / "x.xml"), "--journal", journal.slug)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(handmade_34(pdf="!!!"))
    with pytest.raises(CommandError) as caught:
        run(capsys, "import-ojs", str(bad), "--journal", journal.slug)
    assert "\n" not in str(caught.value) and "embed" in str(caught.value)


def test_fixity(node_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = publish(make_journal(), "elife-00666.xml")
    with pytest.raises(CommandError, match="no fixity report yet"):
        run(capsys, "fixity")
    status, lines = run(capsys, "fixity", "--run")
    assert (
        status == 0
        and "1 articles, 3 distinct blobs" in lines[1]
        and lines[2] == "all blobs intact"
    )
    flip_one_byte(blob_file(Galley.objects.get(article=article).sha256))
    status, lines = run(capsys, "fixity", "--run")
    assert status == 1 and lines[2] == "1 bad blob(s)"
    assert lines[3].endswith(": checksum") and f"article {article.pk} galley" in lines[3]
    assert run(capsys, "fixity")[0] == 1  # the newest report, without checking again


def test_export_bags(node_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = make_journal()
    publish(journal, "elife-00666.xml")
    status, lines = run(capsys, "export-bags", journal.slug, str(tmp_path / "bags"))
    assert status == 0 and lines[-1] == f"1 bag(s) written in {tmp_path / 'bags'}"
    bagit.Bag(lines[0]).validate()
    with pytest.raises(CommandError, match="exists already"):
        run(capsys, "export-bags", journal.slug, str(tmp_path / "bags"))
    with pytest.raises(CommandError, match="no journal 'nope'"):
        run(capsys, "export-bags", "nope", str(tmp_path / "bags"))


def test_report(capsys: pytest.CaptureFixture[str]) -> None:
    journal = Journal.objects.create(slug="rep", title={"en": "Reports"})
    build_2025(journal, Journal.objects.create(slug="rep-other", title={"en": "Other"}))
    status, lines = run(capsys, "report", "rep", "--year", "2025", "--json")
    assert status == 0 and json.loads("\n".join(lines)) == EXPECTED_2025
    status, lines = run(capsys, "report", "rep", "--year", "2025")
    shown = {line[:28].strip(): line[28:].strip() for line in lines}
    assert shown["acceptance rate"] == "0.5"
    assert shown["median days to publication"] == "90.5"
    assert shown["unique item requests"] == "2"
    with pytest.raises(CommandError, match="nope: no journal"):
        run(capsys, "report", "nope", "--year", "2025")
    with pytest.raises(CommandError, match="--year 0: 0 is not a year"):
        run(capsys, "report", "rep", "--year", "0")
