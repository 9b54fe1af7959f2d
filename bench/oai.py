"""OAI-PMH: a full harvest of N dataset records with sickle, and the server's memory meanwhile.

Usage: python bench/oai.py [--records 100000] [--database sqlite|postgres]
                           [--postgres-url URL] [--prefix oai_dc|oai_datacite]

Fills a fresh SANKOFA_HOME (SQLite, or a fresh PostgreSQL database) with N published
dataset records, starts the node with `sankofa serve` (one gunicorn worker) on
127.0.0.1 and harvests every record with sickle's ListRecords (the node's default page
of 100 records, resumption tokens to the end), as an aggregator would. Reports records
per second and the server's resident memory (gunicorn master and workers together,
sampled every 0.2 s from /proc): before the harvest, the peak during it and after it.
The reference, in the same run, is `ListIdentifiers` over the same records (headers
only: the cost of the protocol and paging without rendering metadata).

The records are inserted in bulk (`bulk_create`), bypassing the services: publishing
100k records one by one through the services (ARK minting, audit trail, jobs) would
take far longer than the harvest measured. Each record is what a publication leaves:
a record, one published version with its ARK, kernel-4.7 metadata and indexed
columns, and the record's `latest` pointer; one record in a hundred is withdrawn (a
deleted record), one in three is in a community.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BATCH = 5000


def seed(count: int) -> None:
    """Insert `count` published records into the node the environment names."""
    from sankofa.cli.main import setup_django

    setup_django()
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from django.db import connection, transaction

    from sankofa.core.formats.datacite import Resource, xml47
    from sankofa.core.formats.datacite.model import (
        Creator,
        Description,
        Identifier,
        Publisher,
        ResourceType,
        Subject,
        Title,
    )
    from sankofa.core.formats.datacite.vocabulary import DescriptionType, ResourceTypeGeneral
    from sankofa.datasets.models import Community, Record, Version

    communities = [Community.objects.create(slug=f"c{i}", title=f"Community {i}") for i in range(3)]
    template = Resource(
        identifier=Identifier(value="ark:99999/b1XXXXXXXXX", identifier_type="ARK"),
        creators=(Creator(name="Mensah, Ama", given_name="Ama", family_name="Mensah"),),
        titles=(Title(value="Rainfall record TITLE", lang="en"),),
        publisher=Publisher(name="Sankofa bench node"),
        publication_year=2025,
        resource_type=ResourceType(general=ResourceTypeGeneral.DATASET, value="Time series"),
        subjects=(Subject(value="rainfall"), Subject(value="West Africa")),
        descriptions=(
            Description(
                parts=("Daily rainfall measured at one station. " * 4,),
                description_type=DescriptionType.ABSTRACT,
            ),
        ),
    )
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for first in range(0, count, BATCH):
        numbers = range(first, min(count, first + BATCH))
        with transaction.atomic():
            records = Record.objects.bulk_create(
                Record(
                    ark=f"ark:99999/b1r{n:09d}",
                    owner_id=1,
                    owner_name="bench",
                    community=communities[n % 3] if n % 3 else None,
                )
                for n in numbers
            )
            versions = []
            for n, record in zip(numbers, records, strict=True):
                ark = f"ark:99999/b1v{n:09d}"
                resource = replace(
                    template,
                    identifier=Identifier(value=ark, identifier_type="ARK"),
                    titles=(Title(value=f"Rainfall record {n}", lang="en"),),
                )
                stamp = start + timedelta(seconds=n)
                withdrawn = n % 100 == 99
                versions.append(
                    Version(
                        record=record,
                        number=1,
                        state="withdrawn" if withdrawn else "published",
                        ark=ark,
                        metadata=xml47.write(resource),
                        title=f"Rainfall record {n}",
                        publication_year=2025,
                        resource_type_general="Dataset",
                        published_at=stamp,
                        withdrawn_at=stamp + timedelta(days=30) if withdrawn else None,
                        withdrawal_reason="bench" if withdrawn else "",
                    )
                )
            Version.objects.bulk_create(versions)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE datasets_record SET latest_id = (SELECT v.id FROM datasets_version v"
            " WHERE v.record_id = datasets_record.id)"
        )
    print(f"seeded {count} records", file=sys.stderr)


@dataclass
class Memory:
    """RSS of a process and its children, sampled in a thread."""

    pid: int
    samples: list[int]
    running: bool = True

    def rss(self) -> int:
        total = 0
        for pid in [self.pid, *children(self.pid)]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total

    def watch(self) -> None:
        while self.running:
            self.samples.append(self.rss())
            time.sleep(0.2)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
            if int(parent) == pid:
                found.append(int(entry.name))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the node did not answer {url}")


def harvest(endpoint: str, verb: str, prefix: str, memory: Memory) -> tuple[int, float, int]:
    """(records, seconds, peak RSS) of one complete list."""
    from sickle import Sickle

    sickle = Sickle(endpoint, timeout=300, max_retries=0)
    before = len(memory.samples)
    began = time.perf_counter()
    items = getattr(sickle, verb)(metadataPrefix=prefix, ignore_deleted=False)
    count = sum(1 for _ in items)
    seconds = time.perf_counter() - began
    peak = max(memory.samples[before:] or [memory.rss()])
    return count, seconds, peak


def prepare_database(kind: str, url: str) -> tuple[dict[str, str], str | None]:
    if kind == "sqlite":
        return {}, None
    import psycopg

    base, _, _name = url.rpartition("/")
    with psycopg.connect(
        f"{base}/postgres".replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute("DROP DATABASE IF EXISTS sankofa_bench_oai")
        conn.execute("CREATE DATABASE sankofa_bench_oai")
    return {"SANKOFA_DATABASE_URL": f"{base}/sankofa_bench_oai"}, base


def run(args: argparse.Namespace) -> None:
    home = Path(tempfile.mkdtemp(prefix="sankofa-bench-oai-"))
    extra, _base = prepare_database(args.database, args.postgres_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env |= {"SANKOFA_HOME": str(home), "SANKOFA_OAI_ADMIN_EMAIL": "bench@node.example.org"}
    env |= extra
    began = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--seed", str(args.records)], env=env, check=True)
    seeded = time.perf_counter() - began
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sankofa", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    memory = Memory(server.pid, [])
    try:
        endpoint = f"http://127.0.0.1:{port}/oai"
        wait_ready(endpoint + "?verb=Identify")
        time.sleep(2)
        start_rss = memory.rss()
        watcher = threading.Thread(target=memory.watch, daemon=True)
        watcher.start()
        rows = []
        for verb, prefix in (("ListIdentifiers", args.prefix), ("ListRecords", args.prefix)):
            count, seconds, peak = harvest(endpoint, verb, prefix, memory)
            rows.append((verb, prefix, count, seconds, peak))
        end_rss = memory.rss()
        memory.running = False
        watcher.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)
    mib = 1024 * 1024
    print(
        f"\n{args.database}, {args.records} records (seeded in {seeded:.0f} s), "
        f"{os.cpu_count()} cores, `sankofa serve --workers 1`, page of 100\n"
    )
    print("| list | records | seconds | records/s | server RSS start → peak → end |")
    print("|---|---|---|---|---|")
    for verb, prefix, count, seconds, peak in rows:
        print(
            f"| {verb} {prefix} | {count} | {seconds:.1f} | {count / seconds:.0f} | "
            f"{start_rss / mib:.0f} → {peak / mib:.0f} → {end_rss / mib:.0f} MiB |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--prefix", choices=["oai_dc", "oai_datacite"], default="oai_dc")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed is not None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
        seed(args.seed)
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
