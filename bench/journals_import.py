"""Journals: importing N JATS articles (published) through the service, against parsing alone.

Usage: python bench/journals_import.py [--articles 1000] [--database sqlite|postgres]
                                       [--postgres-url URL] [--shared ../shared]

Makes a fresh node (a fresh SANKOFA_HOME; SQLite in it, or a fresh PostgreSQL database
``sankofa_bench_journals``) with one journal, then in a child process:

1. builds N documents from the JATS samples of SHARED/data/jats, cycled, each with a fresh
   DOI (``10.99999/bench.<i>``, added when the sample has none) and its title prefixed
   ``[<i>]`` so no two are alike (untimed);
2. reference: ``lxml.etree.fromstring`` of each document then
   `sankofa.core.formats.article.jats.read` of it, the parse alone, timed;
3. sankofa: `sankofa.journals.importing.import_jats(actor, journal, data, publish=True)`
   of each document, one transaction per article as the CLI does: read the JATS again,
   store it as a blob (article JATS and galley), mint the ARK, write the article and its
   galley, the after-publication hooks (the metadata blob of `journals.preservation`);
4. the reference again.

Before the first timing, the first 18 documents are parsed once, untimed (module
imports and lxml's first use), as they would be in a running node.

Prints articles per second for each and the ratio import ÷ mean reference time (what
storing costs on top of parsing). The samples' images are not part of the documents.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "sankofa_bench_journals"


def documents(shared: Path, count: int) -> list[bytes]:
    """`count` JATS documents from the samples, each with its own DOI and title."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    samples = sorted((shared / "data" / "jats").glob("*.xml"))
    trees = [etree.parse(str(path), parser) for path in samples]
    out = []
    for i in range(count):
        tree = trees[i % len(trees)]
        meta = tree.getroot().find(".//article-meta")
        doi = meta.find("article-id[@pub-id-type='doi']")
        if doi is None:
            doi = etree.Element("article-id", {"pub-id-type": "doi"})
            meta.insert(0, doi)
        old_doi = doi.text
        doi.text = f"10.99999/bench.{i}"
        title = meta.find("title-group/article-title")
        old_title = title.text
        title.text = f"[{i}] {old_title or ''}"
        out.append(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
        doi.text, title.text = old_doi, old_title
    return out


def parse_all(docs: list[bytes]) -> float:
    from lxml import etree

    from sankofa.core.formats.article import jats

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    start = time.perf_counter()
    for data in docs:
        etree.fromstring(data, parser)
        jats.read(data)
    return time.perf_counter() - start


def work(count: int, shared: Path) -> dict[str, float]:
    """In the child: set up the node, time the reference and the import."""
    from sankofa.cli.main import setup_django

    setup_django()
    from sankofa.core.actors import Actor
    from sankofa.journals.importing import import_jats
    from sankofa.journals.models import Article, Journal

    journal = Journal.objects.create(slug="bench", title={"en": "Bench"}, issn_online="1234-5679")
    actor = Actor.operator("bench")
    docs = documents(shared, count)
    parse_all(docs[:18])  # warm-up, untimed: imports and caches, as in a running node
    first = parse_all(docs)
    start = time.perf_counter()
    for data in docs:
        import_jats(actor, journal.pk, data, publish=True)
    imported = time.perf_counter() - start
    second = parse_all(docs)
    assert Article.objects.filter(journal=journal).count() == count
    return {"reference_1": first, "reference_2": second, "import": imported}


def prepare_database(kind: str, url: str) -> dict[str, str]:
    if kind == "sqlite":
        return {}
    import psycopg

    base = url.rpartition("/")[0]
    with psycopg.connect(
        f"{base}/postgres".replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return {"SANKOFA_DATABASE_URL": f"{base}/{DB_NAME}"}


def run(args: argparse.Namespace) -> None:
    home = Path(tempfile.mkdtemp(prefix="sankofa-bench-journals-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env |= {"SANKOFA_HOME": str(home)} | prepare_database(args.database, args.postgres_url)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--work", str(args.articles), "--shared", str(args.shared)],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"the timed child failed:\n{done.stderr}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    times = json.loads(done.stdout.strip().splitlines()[-1])
    n = args.articles
    reference = statistics.mean([times["reference_1"], times["reference_2"]])
    print(
        f"\n{args.database}, {n} articles, {os.cpu_count()} cores, {platform.processor() or ''}"
        f" Python {platform.python_version()}\n"
    )
    print("| database | step | seconds | articles/s | ratio to parse |")
    print("|---|---|---|---|---|")
    for name, seconds in (
        ("parse: `etree.fromstring` + `jats.read` (reference, run 1)", times["reference_1"]),
        ("parse (reference, run 2)", times["reference_2"]),
        ("`importing.import_jats(..., publish=True)`", times["import"]),
    ):
        print(
            f"| {args.database} | {name} | {seconds:.2f} | {n / seconds:.0f} | "
            f"{seconds / reference:.2f}\N{MULTIPLICATION SIGN} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.work is not None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
        print(json.dumps(work(args.work, args.shared)))
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
