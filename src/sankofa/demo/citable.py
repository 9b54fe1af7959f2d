"""A small research-software repository that says how to cite it.

It carries what the node reads to describe and cite software: a ``codemeta.json``
(CodeMeta 3.0), a ``CITATION.cff`` (1.2.0), a Markdown README, some Python and a
small CSV, over two commits and a release tag ``v1.0.0``. Built with ordinary git
commands at fixed dates, so its identifiers are the same on every machine.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sankofa.demo.gitcraft import init_repo, run_git, set_head

CODEMETA = {
    "@context": "https://w3id.org/codemeta/3.0",
    "@type": "SoftwareSourceCode",
    "name": "rainfall-tools",
    "description": "Clean and aggregate daily rainfall series from weather stations.",
    "version": "1.0.0",
    "datePublished": "2024-03-14",
    "license": "https://spdx.org/licenses/Apache-2.0",
    "keywords": ["hydrology", "rainfall", "time series"],
    "programmingLanguage": "Python",
    "codeRepository": "https://example.org/hydro/rainfall-tools",
    "author": [
        {
            "@type": "Person",
            "@id": "https://orcid.org/0000-0002-1825-0097",
            "givenName": "Amina",
            "familyName": "Okafor",
            "affiliation": {"@type": "Organization", "name": "University of Lagos"},
        },
        {"@type": "Person", "givenName": "Kwame", "familyName": "Mensah"},
    ],
}

CITATION_CFF = """\
cff-version: 1.2.0
message: If you use this software, please cite it as below.
title: rainfall-tools
version: 1.0.0
date-released: 2024-03-14
license: Apache-2.0
repository-code: https://example.org/hydro/rainfall-tools
keywords: [hydrology, rainfall, time series]
authors:
  - family-names: Okafor
    given-names: Amina
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: University of Lagos
  - family-names: Mensah
    given-names: Kwame
"""

README = """\
# rainfall-tools

Clean and aggregate **daily rainfall** series from weather stations.

```python
from rainfall import monthly_totals
monthly_totals("data/accra.csv")
```

See `CITATION.cff` to cite this software.
"""

MODULE = '''\
"""Monthly totals of daily rainfall series."""

import csv
from collections import defaultdict


def monthly_totals(path):
    """Sum the millimetres of each month of a CSV of (date, mm) rows."""
    totals = defaultdict(float)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            totals[row["date"][:7]] += float(row["mm"] or 0)
    return dict(sorted(totals.items()))
'''

RELEASED = 1710410400  # 2024-03-14 10:00 UTC

DATA = "date,mm\n2023-01-01,0.0\n2023-01-02,12.5\n2023-02-01,3.2\n"


def make_citable_repo(path: Path) -> dict[str, str]:
    """Two commits on ``main`` and the annotated tag ``v1.0.0``; returns their ids."""
    repo = init_repo(path)
    work = path.parent / (path.name + "-work")
    run_git(path.parent, "clone", "--quiet", str(repo), str(work))
    (work / "rainfall").mkdir()
    (work / "data").mkdir()
    (work / "README.md").write_text(README)
    (work / "rainfall" / "__init__.py").write_text(MODULE)
    (work / "data" / "accra.csv").write_text(DATA)
    run_git(work, "add", ".")
    run_git(
        work,
        "commit",
        "--quiet",
        "-m",
        "First version of the monthly totals",
        date=RELEASED - 86400,
    )
    (work / "codemeta.json").write_text(json.dumps(CODEMETA, indent=2) + "\n")
    (work / "CITATION.cff").write_text(CITATION_CFF)
    run_git(work, "add", ".")
    run_git(work, "commit", "--quiet", "-m", "Say how to cite the software", date=RELEASED - 3600)
    run_git(work, "tag", "-a", "-m", "rainfall-tools 1.0.0", "v1.0.0", date=RELEASED)
    run_git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main", "refs/tags/v1.0.0")
    set_head(repo, "refs/heads/main")
    ids = {
        "head": run_git(repo, "rev-parse", "main").decode().strip(),
        "tag": run_git(repo, "rev-parse", "v1.0.0").decode().strip(),
    }
    shutil.rmtree(work)
    return ids
