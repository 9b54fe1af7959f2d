"""The message catalogues: complete, well-formed, compiled, and used by the pages.

The messages of the source are extracted exactly as `make messages` does (Django's
makemessages, into a copy of the package so that the shipped catalogues are left
alone); every shipped language must translate each of them, without fuzzy entries,
with the same placeholders (`msgfmt --check`), and ship a .mo compiled from its .po.
"""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

import sankofa

PACKAGE = Path(sankofa.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGS = [code for code, _ in settings.LANGUAGES]
SOURCE_LANGUAGE = "en"  # msgids are English: its catalogue may leave msgstr empty
SEARCH_BUTTON = {
    "en": "Search",
    "fr": "Rechercher",
    "es": "Buscar",
    "pt": "Pesquisar",
    "ar": "بحث",
    "sw": "Tafuta",
    "ko": "검색",
}
Key = tuple[str, str]  # (msgctxt, msgid)


@dataclass
class Entry:
    msgctxt: str = ""
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def parse_po(text: str) -> dict[Key, Entry]:
    """The live entries of a .po or .pot file (the header and obsolete ones left out)."""
    entries: list[Entry] = []
    entry, target = Entry(), ""
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target:
                entries.append(entry)
            entry, target = Entry(), ""
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = target, line
        value = ast.literal_eval(rest)
        target = keyword
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr += [""] * (index + 1 - len(entry.msgstr))
            entry.msgstr[index] += value
        else:
            setattr(entry, keyword, getattr(entry, keyword) + value)
    return {(e.msgctxt, e.msgid): e for e in entries if e.msgid and not e.obsolete}


def catalogue_problems(expected: set[Key], po: dict[Key, Entry], source: bool) -> list[str]:
    """What a catalogue lacks: messages, translations, or entries still marked fuzzy."""
    problems = [f"missing: {msgid!r}" for _, msgid in sorted(expected - po.keys())]
    for key in sorted(expected & po.keys()):
        entry = po[key]
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {key[1]!r}")
        elif not source and (not entry.msgstr or not all(entry.msgstr)):
            problems.append(f"untranslated: {key[1]!r}")
    return problems


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[set[Key]]:
    """The msgids of the source now, from `makemessages` run on a copy of the package."""
    base = tmp_path_factory.mktemp("messages")
    copy = base / "sankofa"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    (base / "extract_settings.py").write_text(
        f"from sankofa.settings import *  # noqa: F403\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "extract_settings", "PYTHONPATH": str(base)}
    done = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", SOURCE_LANGUAGE, "--keep-pot",
         "--no-obsolete", "--add-location=file", "--ignore", ".venv/*", "--ignore", "tests/*"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    yield set(parse_po((copy / "locale" / "django.pot").read_text(encoding="utf-8")))


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def test_every_language_has_a_catalogue() -> None:
    shipped = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())
    assert shipped == sorted(LANGS)


def test_the_extraction_finds_the_frame(extracted: set[Key]) -> None:
    assert ("", "Search") in extracted and ("", "Skip to content") in extracted


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_translates_every_message(extracted: set[Key], lang: str) -> None:
    po = parse_po(po_path(lang).read_text(encoding="utf-8"))
    problems = catalogue_problems(extracted, po, source=lang == SOURCE_LANGUAGE)
    assert not problems, f"{po_path(lang)} (run `make messages`, then translate):\n" + "\n".join(
        problems
    )


def msgfmt(po: Path, mo: Path) -> subprocess.CompletedProcess[str]:
    """Compile as Django's compilemessages does, checking formats and header."""
    return subprocess.run(
        ["msgfmt", "--check", "-o", str(mo), str(po)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_well_formed_and_compiled(tmp_path: Path, lang: str) -> None:
    """Placeholders agree (`msgfmt --check`), and the shipped .mo is the .po compiled.

    Compared by content, not by date: a checkout does not keep file times.
    """
    fresh = tmp_path / "django.mo"
    done = msgfmt(po_path(lang), fresh)
    assert done.returncode == 0, done.stderr
    shipped = po_path(lang).with_suffix(".mo")
    assert shipped.exists(), f"{shipped} is missing: run `make messages`"
    with fresh.open("rb") as a, shipped.open("rb") as b:
        compiled, current = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    stale = compiled._catalog != current._catalog  # type: ignore[attr-defined]
    assert not stale, f"{shipped} is older than its .po: run `make messages`"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_pages_speak_the_language(client: Client, lang: str) -> None:
    page = client.get(f"/{lang}/").content.decode()
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert f'<button type="submit">{SEARCH_BUTTON[lang]}</button>' in page


def test_the_checks_catch_bad_catalogues(tmp_path: Path) -> None:
    """Missing, untranslated and fuzzy entries, and placeholders that differ, are caught."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Copy"\nmsgstr "Copier"\n\n'
        'msgid "Search"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "%(n)s files"\nmsgstr "%(m)s fichiers"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Vieux"\n',
        encoding="utf-8",
    )
    parsed = parse_po(po.read_text(encoding="utf-8"))
    expected = {("", "Copy"), ("", "Search"), ("", "%(n)s files"), ("", "Home")}
    assert catalogue_problems(expected, parsed, source=False) == [
        "missing: 'Home'",
        "fuzzy: 'Copy'",
        "untranslated: 'Search'",
    ]
    assert msgfmt(po, tmp_path / "django.mo").returncode != 0
