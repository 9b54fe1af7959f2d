"""An `Article` as plain JSON values and back, for storing it in a database column.

`to_json` writes each dataclass as an object of its fields, leaving out fields that
hold their default (so stored rows stay small and a field added later reads back as
its default); tuples become arrays, enums their values, `PartialDate` its ISO text
(``2024``, ``2024-03``, ``2024-03-14``). `from_json` is its exact inverse:
``from_json(to_json(a)) == a`` for every article (``extra`` included). Unknown keys
are refused (`ValueError` naming the path), so a typo never vanishes silently.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any

from sankofa.core.formats.article import model
from sankofa.core.formats.article.model import Article, PartialDate

__all__ = ["from_json", "to_json"]

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, vars(model))
    return _HINTS[cls]


def _dump(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.iso()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and current == f.default:
                continue
            if f.default_factory is not dataclasses.MISSING and current == f.default_factory():
                continue
            out[f.name] = _dump(current)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    return value


def to_json(article: Article) -> dict[str, Any]:
    """The article as a JSON-ready dict (see the module docstring)."""
    result = _dump(article)
    assert isinstance(result, dict)
    return result


def _partial_date(text: Any, path: str) -> PartialDate:
    if not isinstance(text, str):
        raise ValueError(f"{path}: a date is a string, not {type(text).__name__}")
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        return PartialDate(*numbers)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path}: {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from exc


def _load(hint: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if data is None:
            return None
        return _load(options[0], data, path)
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected an array")
        item = typing.get_args(hint)[0]
        return tuple(_load(item, v, f"{path}[{i}]") for i, v in enumerate(data))
    if origin is dict:
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected an object")
        return {str(k): str(v) for k, v in data.items()}
    if hint is PartialDate:
        return _partial_date(data, path)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _load_dataclass(hint, data, path)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(data)
        except ValueError as exc:
            raise ValueError(f"{path}: {data!r} is not a {hint.__name__}") from exc
    expected = {str: str, int: int, bool: bool}.get(hint)
    if expected is not None and not isinstance(data, expected):
        raise ValueError(f"{path}: expected {expected.__name__}, not {type(data).__name__}")
    return data


def _load_dataclass(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object for {cls.__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"{path}: unknown field {unknown[0]!r} of {cls.__name__}")
    kwargs = {k: _load(hints[k], v, f"{path}.{k}" if path else k) for k, v in data.items()}
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path or cls.__name__}: {exc}") from exc


def from_json(data: Any) -> Article:
    """The article `to_json` wrote; ValueError (naming the path) for anything else."""
    article = _load_dataclass(Article, data, "")
    assert isinstance(article, Article)
    return article
