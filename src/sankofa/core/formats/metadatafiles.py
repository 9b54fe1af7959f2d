"""Software metadata from the files at the root of a source tree.

Files are read in precedence order: ``codemeta.json``, then ``CITATION.cff``, then
package manifests (``package.json``, ``pyproject.toml``, ``DESCRIPTION``,
``setup.cfg``); for each field the first file that says it wins. A file that cannot be
read is skipped with a warning naming it; nothing here raises for bad content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sankofa.core.formats import cff, codemeta, manifests
from sankofa.core.formats.software import MetadataError, SoftwareMetadata, merge

MAX_FILE_SIZE = 1 << 20  # larger metadata files are not read


def _no_notes(
    reader: Callable[[bytes], SoftwareMetadata],
) -> Callable[[bytes], tuple[SoftwareMetadata, list[str]]]:
    return lambda data: (reader(data), [])


READERS: dict[str, Callable[[bytes], tuple[SoftwareMetadata, list[str]]]] = {
    "codemeta.json": _no_notes(codemeta.read),
    "CITATION.cff": cff.read,
    "package.json": _no_notes(manifests.read_package_json),
    "pyproject.toml": _no_notes(manifests.read_pyproject),
    "DESCRIPTION": _no_notes(manifests.read_description),
    "setup.cfg": _no_notes(manifests.read_setup_cfg),
}
FILENAMES = tuple(READERS)  # in precedence order


@dataclass(frozen=True)
class Extraction:
    """What the files said (merged), which files said it, and what could not be read."""

    metadata: SoftwareMetadata
    sources: tuple[str, ...]
    warnings: tuple[str, ...]


def extract(files: Mapping[str, bytes | None]) -> Extraction:
    """Metadata from `files` (name at the tree's root -> bytes, None when too large to
    read); other names are ignored."""
    found: list[SoftwareMetadata] = []
    sources: list[str] = []
    warnings: list[str] = []
    for name in FILENAMES:
        if name not in files:
            continue
        data = files[name]
        if data is None or len(data) > MAX_FILE_SIZE:
            warnings.append(f"{name}: skipped, larger than {MAX_FILE_SIZE} bytes")
            continue
        try:
            metadata, notes = READERS[name](data)
        except (MetadataError, RecursionError) as exc:
            warnings.append(f"{name}: skipped, {exc}")
            continue
        warnings += [f"{name}: {note}" for note in notes]
        if metadata.is_empty:
            warnings.append(f"{name}: says nothing this node reads")
            continue
        found.append(metadata)
        sources.append(name)
    return Extraction(merge(*found), tuple(sources), tuple(warnings))
