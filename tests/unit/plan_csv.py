"""Reading a plan CSV the way Excel and the importer do (UTF-8 with BOM)."""
from __future__ import annotations

import csv
from pathlib import Path


def read_plan_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header as written and the rows as dicts."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows
