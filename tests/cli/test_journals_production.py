"""`sankofa journals produce-jats` and `jats-validate`, in this process on the test
database and as the real `sankofa` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats, jats_write
from sankofa.journals.models import Galley
from tests.cli.journals_inprocess import cli, fails
from tests.conftest import SHARED, run_cli
from tests.journals.production_support import MARKDOWN, accepted_submission, make_desk, need_dtd

pytestmark = pytest.mark.django_db


def sample(folder: Path) -> Path:
    """A shared sample's metadata written as JATS 1.1 (the samples are 1.1 to 1.3)."""
    path = folder / "sample.xml"
    data = (SHARED / "data" / "jats" / "elife09853.xml").read_bytes()
    path.write_bytes(jats_write.write(jats.read(data)))
    return path


def test_produce_jats_from_a_file(
    capsys: pytest.CaptureFixture[str], node_home: Path, tmp_path: Path
) -> None:
    need_dtd()
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    source = tmp_path / "paper.txt"
    source.write_text(MARKDOWN, encoding="utf-8")

    lines = cli(capsys, "produce-jats", str(submission.pk), str(source), "--format", "markdown")

    galley = Galley.objects.get(submission=submission, kind="jats")
    assert lines == [f"{galley.name}: {galley.size} bytes, sha256 {galley.sha256}"]
    written = tmp_path / "out.xml"
    with get_blobstore().open(galley.sha256) as stream:
        written.write_bytes(stream.read())
    assert cli(capsys, "jats-validate", str(written)) == ["valid"]


def test_produce_jats_refusals(node_home: Path, tmp_path: Path) -> None:
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    source = tmp_path / "paper.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    message = fails("produce-jats", str(submission.pk), str(source), "--as", desk.stranger.name)
    assert message.startswith(f"{source}: ") and "may not" in message
    assert "no account" in fails("produce-jats", "1", str(source), "--as", "ghost@x.example")
    assert "No such file" in fails("produce-jats", str(submission.pk), str(tmp_path / "none.md"))
    assert "no submission" in fails("produce-jats", "999999", str(source))
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF")
    assert "Markdown, DOCX or ODT" in fails("produce-jats", str(submission.pk), str(pdf))
    assert not Galley.objects.exists()


def test_jats_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    need_dtd()
    assert cli(capsys, "jats-validate", str(sample(tmp_path))) == ["valid"]
    newer = SHARED / "data" / "jats" / "elife09853.xml"  # Archiving 1.1d1: dtd-version differs
    assert "dtd-version" in fails("jats-validate", str(newer))
    bad = tmp_path / "bad.xml"
    bad.write_text("<article>\n<front>\n<bogus/></front></article>", encoding="utf-8")
    message = fails("jats-validate", str(bad))
    assert message.startswith(f"{bad}: line ")
    broken = tmp_path / "broken.xml"
    broken.write_text("<article>", encoding="utf-8")
    assert fails("jats-validate", str(broken)).startswith(f"{broken}: not XML")


@pytest.mark.django_db(transaction=True)
def test_the_sankofa_command(node_home: Path, tmp_path: Path) -> None:
    need_dtd()
    done = run_cli(node_home, "journals", "jats-validate", str(sample(tmp_path)))
    assert (done.returncode, done.stdout.strip()) == (0, "valid"), done.stderr
    bad = tmp_path / "bad.xml"
    bad.write_text("<article><front/></article>", encoding="utf-8")
    failed = run_cli(node_home, "journals", "jats-validate", str(bad))
    assert failed.returncode != 0
    assert failed.stderr.startswith(f"sankofa: {bad}: line 1: ")
    assert len(failed.stderr.strip().splitlines()) == 1
