"""Document numbers as Vietnamese administration writes them: "123/QĐ-UBND", "45/KH-SYT",
"12/2025/NĐ-CP". Pure; used to list evidence in the workbook ("Minh chứng")."""
from __future__ import annotations

import re

_NUMBER = re.compile(r"(?<![\w/])(\d{1,5}(?:/\d{4})?/[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ0-9][A-ZĐa-zđ0-9&]*)*)(?![\w/])")


def document_numbers(text: str) -> list[str]:
    out: list[str] = []
    for m in _NUMBER.finditer(text or ""):
        if m.group(1) not in out:
            out.append(m.group(1))
    return out
