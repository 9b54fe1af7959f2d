"""The query syntax readers type, parsed into terms no database ever sees raw.

- words: every word must occur (``rainfall accra``);
- ``"quoted phrases"``: the words in that order, side by side (an unclosed quote runs
  to the end of the query);
- ``prefix*``: a word starting so (``rain*`` finds rainfall); inside a phrase, its last
  word may be a prefix (``"rain gau*"``).

A word is a run of letters, digits and combining marks (Unicode categories L, N, M and
private use), so punctuation separates words and never reaches a full-text engine:
``foo-bar`` is the phrase "foo bar", ``NEAR(`` the word "NEAR", and a query of
punctuation alone (``"``, ``*``, ``'``) has no term at all. The backends quote every word
they hand to SQLite FTS5 or PostgreSQL's tsquery.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["MAX_QUERY_LENGTH", "MAX_TERMS", "Term", "fold", "parse", "words"]

MAX_QUERY_LENGTH = 1000  # characters of a query read; the rest is ignored
MAX_TERMS = 16  # terms of a query used; the rest is ignored
MAX_WORD_LENGTH = 100  # a longer "word" is cut (no language has one)
_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One condition: `words` side by side (a single word, or a phrase), the last one
    standing for any word it starts when `prefix`."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def words(text: str) -> list[str]:
    """The words of `text`, in order: runs of letters, digits and marks holding at least
    one letter or digit (marks alone are no word)."""
    runs: list[str] = []
    current: list[str] = []
    for char in text + " ":
        if _is_word_char(char):
            current.append(char)
        elif current:
            runs.append("".join(current)[:MAX_WORD_LENGTH])
            current = []
    return [run for run in runs if any(unicodedata.category(c)[0] != "M" for c in run)]


def parse(text: str) -> list[Term]:
    """The terms of a query (all must hold); an empty list when it has no word."""
    terms: list[Term] = []
    for match in _CHUNK.finditer(text[:MAX_QUERY_LENGTH]):
        quoted, bare = match.groups()
        chunk = quoted if quoted is not None else bare
        found = words(chunk)
        if not found:
            continue
        prefix = chunk.rstrip().endswith("*") and _is_word_char(chunk.rstrip("* \t")[-1:] or " ")
        if quoted is None and not prefix and len(found) > 1:
            terms.append(Term(tuple(found)))  # foo-bar: the words side by side
        else:
            terms.append(Term(tuple(found), prefix=prefix))
        if len(terms) == MAX_TERMS:
            break
    return terms


def fold(text: str) -> str:
    """`text` in lower case without diacritics (Accrá -> accra, الأمطار -> الامطار), as
    SQLite's ``unicode61 remove_diacritics`` tokenizer compares Latin letters; Hangul and
    other scripts without marks come back as they were."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).lower()
