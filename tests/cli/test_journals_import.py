"""`sankofa journals import-jats` and `sankofa journals export`, as the real command in a
subprocess on the test database: the last line printed is the article's URL; a bad file
exits non-zero with one line naming the file and the line. The command's node has its
own database on SQLite (the test's on PostgreSQL): the tests make the journal with the
command too and check only what the commands print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.journals.importing_support import JATS_DIR, sample

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "https://journals.example.org"
SLUG = "jafs"


def make_journal(home: Path) -> None:
    made = run_cli(home, "journals", "create", SLUG, "--title", "Field Science")
    assert made.returncode == 0, made.stderr


def test_import_publish_prints_the_url_last_and_export_reads_it_back(
    node_home: Path,
) -> None:
    make_journal(node_home)
    done = run_cli(
        node_home,
        "journals",
        "import-jats",
        str(JATS_DIR / "joss-10.21105.joss.00045.jats.xml"),
        "--journal",
        SLUG,
        "--publish",
        SANKOFA_BASE_URL=BASE,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    found = re.fullmatch(r"article (\d+) of jafs: (ark:\S+) \(published\)", lines[-2])
    assert found is not None, lines
    pk, ark = found.groups()
    assert lines[-1] == f"{BASE}/en/journals/{SLUG}/articles/{pk}/"
    by_doi = run_cli(
        node_home, "journals", "export", "https://doi.org/10.21105/joss.00045", "--format", "ris"
    )
    assert by_doi.returncode == 0, by_doi.stderr
    assert by_doi.stdout.startswith("TY  - JOUR") and "DO  - 10.21105/joss.00045" in by_doi.stdout
    by_ark = run_cli(node_home, "journals", "export", ark, "--format", "jats")
    assert by_ark.returncode == 0 and by_ark.stdout.encode() == sample(
        "joss-10.21105.joss.00045.jats.xml"
    )
    again = run_cli(
        node_home,
        "journals",
        "import-jats",
        str(JATS_DIR / "joss-10.21105.joss.00045.jats.xml"),
        "--journal",
        SLUG,
    )
    assert again.returncode != 0
    (line,) = again.stderr.strip().splitlines()
    assert "10.21105/joss.00045" in line and "already" in line


def test_import_without_publish_waits_in_production(node_home: Path) -> None:
    make_journal(node_home)
    done = run_cli(
        node_home,
        "journals",
        "import-jats",
        str(JATS_DIR / "elife09853.xml"),
        "--journal",
        SLUG,
        SANKOFA_BASE_URL=BASE,
    )
    assert done.returncode == 0, done.stderr
    *_, said, last = done.stdout.strip().splitlines()
    found = re.fullmatch(r"submission (\d+) of jafs: in production", said)
    assert found is not None, said
    assert last == f"{BASE}/en/journals/{SLUG}/editorial/{found.group(1)}/"  # the editors' page
    missing = run_cli(node_home, "journals", "export", "10.7554/eLife.09853", "--format", "ris")
    assert missing.returncode != 0 and "no article" in missing.stderr  # not published


def test_a_bad_file_exits_non_zero_with_one_line(node_home: Path, tmp_path: Path) -> None:
    make_journal(node_home)
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<article>\n<front>\n<article-meta>\n</front>\n</article>\n")
    done = run_cli(node_home, "journals", "import-jats", str(broken), "--journal", SLUG)
    assert done.returncode != 0
    (line,) = done.stderr.strip().splitlines()
    assert f"{broken}:4:" in line
    missing = run_cli(
        node_home, "journals", "import-jats", str(tmp_path / "none.xml"), "--journal", "jafs"
    )
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
    unknown = run_cli(node_home, "journals", "import-jats", str(broken), "--journal", "nosuch")
    assert unknown.returncode != 0 and "nosuch" in unknown.stderr
    listed = run_cli(node_home, "journals", "export", "10.1000/none", "--format", "ris")
    assert listed.returncode != 0 and len(listed.stderr.strip().splitlines()) == 1
