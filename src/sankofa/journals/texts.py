"""Multilingual texts of journals and submissions: JSON objects ``{"<BCP 47 tag>": text}``."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["localized"]


def localized(texts: Mapping[str, str], lang: str, primary: str = "en") -> str:
    """The text in `lang` (or its base language: ``pt`` for ``pt-BR`` and back), else in
    the `primary` language, else the first non-empty one; "" when there is none."""
    base = lang.split("-", 1)[0].lower()
    for wanted in (lang, base):
        if texts.get(wanted, "").strip():
            return texts[wanted]
    for tag, text in texts.items():
        if tag.split("-", 1)[0].lower() == base and text.strip():
            return text
    if texts.get(primary, "").strip():
        return texts[primary]
    return next((t for t in texts.values() if t.strip()), "")
