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


def assert_excel_csv(path: Path, header: list[str]) -> None:
    """What makes a plan CSV open cleanly in Excel and import: BOM, then exactly the header."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_plan_csv(path)[0] == header
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(header)
