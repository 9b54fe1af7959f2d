"""Dataset search benchmark: p50/p95 latency over 100,000 records, SQLite and PostgreSQL.

Usage: python bench/search.py [--db sqlite|postgres|both] [--records N] [--runs N]
       [--postgres-url URL]

Each database gets N synthetic published records (default 100,000), written straight
into a search index of its own (``bench_search``: a fresh SQLite file in a temporary
directory; on PostgreSQL a schema ``bench_search_<pid>`` of the database at
--postgres-url, default postgres://postgres@127.0.0.1:5432/test, dropped at the end).
The records are multilingual (English, French, Spanish, Portuguese, Arabic, Swahili,
Korean titles, descriptions and subjects, each tagged with its language) with the seven
facets of datasets. Then a fixed mix of queries runs, each kind with 20 different
words, `--runs` times (default 5), every query the engine's whole search (one page of
20 hits and the total); "facet counting" adds the counts of all seven facets. A "rare
word" is one of 5,000 made-up project names (about 20 records each); the other words come
from a vocabulary of about 40 words per language, so each is in thousands of records.

Reference, in the same run: a plain ``LIKE '%word%'`` scan over the same table for the
rare words (``count(*)``, as the search's total), and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

INDEX = "bench_search"
FACETS = ("type", "year", "licence", "subject", "language", "community", "access")
WORDS = {
    "en": "rainfall temperature survey soil water river coastal maize cocoa harvest drought "
    "flood health school census household market urban rural forest wildlife fisheries "
    "malaria vaccine energy solar wind transport road mobile network language oral history "
    "music archive station gauge daily monthly annual measurements samples interviews",
    "fr": "pluviométrie température enquête sol eau fleuve côtier maïs cacao récolte "
    "sécheresse inondation santé école recensement ménage marché urbain rural forêt faune "
    "pêche paludisme vaccin énergie solaire vent transport route réseau langue histoire "
    "musique archives station mesures échantillons entretiens données quotidiennes",
    "es": "precipitación temperatura encuesta suelo agua río costero maíz cacao cosecha "
    "sequía inundación salud escuela censo hogar mercado urbano rural bosque fauna pesca "
    "malaria vacuna energía solar viento transporte carretera red lengua historia música",
    "pt": "precipitação temperatura inquérito solo água rio costeiro milho cacau colheita "
    "seca inundação saúde escola censo agregado mercado urbano rural floresta fauna pesca "
    "malária vacina energia solar vento transporte estrada rede língua história música",
    "ar": "الأمطار درجة الحرارة مسح التربة المياه النهر الساحل الذرة الكاكاو الحصاد الجفاف "
    "الفيضانات الصحة المدرسة التعداد الأسرة السوق الحضر الريف الغابات الصيد الملاريا "
    "اللقاح الطاقة الشمسية الرياح النقل الطرق الشبكة اللغة التاريخ الموسيقى بيانات",
    "sw": "mvua joto utafiti udongo maji mto pwani mahindi kakao mavuno ukame mafuriko afya "
    "shule sensa kaya soko mjini vijijini msitu wanyamapori uvuvi malaria chanjo nishati "
    "jua upepo usafiri barabara mtandao lugha historia muziki takwimu kumbukumbu",
    "ko": "강수량 기온 조사 토양 수자원 하천 해안 옥수수 카카오 수확 가뭄 홍수 보건 학교 "
    "인구조사 가구 시장 도시 농촌 산림 야생동물 어업 말라리아 백신 에너지 태양광 풍력 교통 "
    "도로 통신망 언어 역사 음악 기록 자료 관측소",
}
LANG_WEIGHTS = {"en": 40, "fr": 20, "es": 8, "pt": 8, "ar": 10, "sw": 8, "ko": 6}
PLACES = [
    "Accra",
    "Kumasi",
    "Dakar",
    "Lagos",
    "Nairobi",
    "Kigali",
    "Dar-es-Salaam",
    "Maputo",
    "Luanda",
    "Seoul",
]
NAMES = [
    "Mensah",
    "Owusu",
    "Diallo",
    "Ndiaye",
    "Okafor",
    "Mwangi",
    "Uwimana",
    "Silva",
    "Kim",
    "Park",
    "Haddad",
    "Nasser",
]
TYPES = ["Dataset"] * 14 + ["Software", "Image", "Text", "Audiovisual", "Collection", "Model"]
LICENCES = ["cc-by-4.0"] * 5 + ["cc0-1.0"] * 3 + ["cc-by-sa-4.0", "cc-by-nc-4.0", "mit"]
ACCESS = ["open"] * 12 + ["embargoed", "restricted", "metadata_only"]


PROJECTS = 5000
SYLLABLES = "ka ko fi du a se ma ne wa bi lo tu ya mi ra so ge ha ji nu".split()  # noqa: SIM905


def project_names(count: int) -> list[str]:
    """`count` distinct made-up project or station names (Kofidua, Wabilo...): the rare
    words of the corpus, each in about 100,000 / count records."""
    rng = random.Random(5)
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choices(SYLLABLES, k=rng.randint(3, 4))).capitalize())
    return sorted(names)


def records(count: int) -> Iterator[Any]:
    from sankofa.discovery.search import Document, Text

    rng = random.Random(2026)
    vocab = {lang: text.split() for lang, text in WORDS.items()}
    langs = list(LANG_WEIGHTS)
    weights = list(LANG_WEIGHTS.values())
    start = datetime(2010, 1, 1, tzinfo=UTC)
    projects = project_names(PROJECTS)
    for key in range(1, count + 1):
        lang = rng.choices(langs, weights)[0]
        words = vocab[lang]
        title = " ".join(rng.sample(words, rng.randint(3, 7)))
        title += f" {rng.choice(PLACES)} {rng.choice(projects)}"
        description = " ".join(rng.choices(words, k=rng.randint(15, 50)))
        subjects = rng.sample(words, rng.randint(1, 3))
        creators = [f"{rng.choice(NAMES)}, {rng.choice('ABCDEFGHKMNS')}." for _ in range(2)]
        texts = [Text(title, "title", lang), Text(description, "description", lang)]
        texts += [Text(s, "subjects", lang) for s in subjects] + [
            Text(c, "creators") for c in creators
        ]
        facets = [
            ("type", rng.choice(TYPES)),
            ("year", str(rng.randint(2000, 2025))),
            ("licence", rng.choice(LICENCES)),
            ("language", lang),
            ("community", f"community-{rng.randint(1, 12)}"),
            ("access", rng.choice(ACCESS)),
        ] + [("subject", s) for s in subjects]
        when = start + timedelta(minutes=key * 7)
        yield Document(key, key, when, tuple(texts), tuple(facets))


def build(engine: Any, count: int) -> float:
    from django.db import transaction

    started = time.perf_counter()
    batch = []
    with transaction.atomic(using=engine.using):
        engine.create()
        for doc in records(count):
            batch.append(doc)
            if len(batch) == 2000:
                engine.add(batch)
                batch = []
        engine.add(batch)
    if engine.vendor == "postgresql":
        with engine.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {engine.doc}")
            cursor.execute(f"ANALYZE {engine.facet}")
    return time.perf_counter() - started


def query_mix(rng: random.Random) -> dict[str, list[Any]]:
    """kind -> 20 queries of that kind."""
    from sankofa.discovery.search import Query

    vocab = {lang: text.split() for lang, text in WORDS.items()}
    langs = list(vocab)

    def word() -> tuple[str, str]:
        lang = rng.choice(langs)
        return lang, rng.choice(vocab[lang])

    def filt(n: int) -> dict[str, frozenset[str]]:
        pool = {
            "type": ["Dataset", "Software"],
            "year": [str(y) for y in range(2000, 2026)],
            "licence": LICENCES,
            "access": ["open", "restricted"],
        }
        names = rng.sample(sorted(pool), n)
        return {
            name: frozenset(rng.sample(pool[name], 2 if name == "year" else 1)) for name in names
        }

    mix: dict[str, list[Any]] = {k: [] for k in KINDS}
    projects = project_names(PROJECTS)
    for _ in range(20):
        mix["rare word"].append(Query(rng.choice(projects)))
        lang, w = word()
        w2 = rng.choice(vocab[lang])
        mix["single word"].append(Query(w, language=lang))
        mix["two words"].append(Query(f"{w} {w2}", language=lang))
        mix["phrase"].append(Query(f'"{w} {w2}"', language=lang))
        mix["prefix"].append(Query(w[: max(2, len(w) // 2)] + "*", language=lang))
        mix["word + 1 filter"].append(Query(w, filt(1), lang))
        mix["word + 2 filters"].append(Query(w, filt(2), lang))
        mix["facet counting (word)"].append(Query(w, language=lang, facets=FACETS))
        mix["facet counting (word + filter)"].append(Query(w, filt(1), lang, facets=FACETS))
        mix["facet counting (all records)"].append(Query("", facets=FACETS))
    return mix


KINDS = [
    "rare word",
    "single word",
    "two words",
    "phrase",
    "prefix",
    "word + 1 filter",
    "word + 2 filters",
    "facet counting (word)",
    "facet counting (word + filter)",
    "facet counting (all records)",
]


def timed(runs: int, queries: list[Any], call: Callable[[Any], object]) -> list[float]:
    samples = []
    for _ in range(runs):
        for query in queries:
            started = time.perf_counter()
            call(query)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def measure(db: str, count: int, runs: int) -> None:
    from sankofa.discovery import search

    engine = search.engine(INDEX)
    seconds = build(engine, count)
    print(f"\n### {db}: {count:,} records indexed in {seconds:.1f} s\n")
    mix = query_mix(random.Random(7))
    for query in (q for qs in mix.values() for q in qs):  # warm the caches, untimed
        engine.search(query)
    print("| query | p50 | p95 | mean hits |")
    print("|---|---|---|---|")
    fts_single: list[float] = []
    for kind in KINDS:
        samples = timed(runs, mix[kind], engine.search)
        hits = statistics.mean(engine.search(q).total for q in mix[kind])
        if kind == "rare word":
            fts_single = samples
        print(f"| {kind} | {p(samples, 50):.1f} ms | {p(samples, 95):.1f} ms | {hits:,.0f} |")

    def like(query: Any) -> int:
        sql, params = engine.like(f"%{query.text}%")
        with engine.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) x", params)
            return int(cursor.fetchone()[0])

    ref = timed(max(1, runs // 2), mix["rare word"], like)
    print(f"| reference: `LIKE '%word%'` scan, rare word | {p(ref, 50):.1f} ms | "
          f"{p(ref, 95):.1f} ms | |")  # fmt: skip
    ratio = p(ref, 50) / p(fts_single, 50)
    print(f"\nrare word: full-text search is {ratio:.0f}x faster than the LIKE scan (p50)")


def setup(db: str, url: str, home: Path) -> str | None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sankofa.settings"
    os.environ["SANKOFA_HOME"] = str(home)
    schema = None
    if db == "postgres":
        os.environ["SANKOFA_DATABASE_URL"] = url
        schema = f"bench_search_{os.getpid()}"
    else:
        os.environ.pop("SANKOFA_DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    if schema is not None:
        database: dict[str, Any] = settings.DATABASES["default"]
        database.setdefault("OPTIONS", {})["options"] = f"-c search_path={schema}"
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {schema}")
    return schema


def run_one(db: str, url: str, count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sankofa-bench-search-") as tmp:
        schema = setup(db, url, Path(tmp))
        try:
            measure(db, count, runs)
        finally:
            if schema is not None:
                from django.db import connection

                with connection.cursor() as cursor:
                    cursor.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if args.db == "both":
        print(f"machine: {platform.node()}, {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        print(f"command: python bench/search.py --records {args.records} --runs {args.runs}")
        for db in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, __file__, "--db", db, "--records", str(args.records),
                 "--runs", str(args.runs), "--postgres-url", args.postgres_url],
                check=True,
            )  # fmt: skip
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
        return
    run_one(args.db, args.postgres_url, args.records, args.runs)


if __name__ == "__main__":
    main()
