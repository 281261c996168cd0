"""The house rules the README states, checked from the imports (every import, also the ones
inside functions): `schedules` ← `bot.store` ← `bot.service` ← `bot.channels` ← `bot.app`/`bot.cli`."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SQL = ("sqlmodel", "sqlalchemy")
# Modules outside bot/store that still import sqlmodel/sqlalchemy, each with the reason.
SQL_EXCEPTIONS: dict[str, str] = {}


def imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offenders(folder: str, banned: tuple[str, ...], skip: dict[str, str] | None = None) -> dict[str, list[str]]:
    out = {}
    for path in modules(folder):
        rel = path.relative_to(ROOT).as_posix()
        if skip and rel in skip:
            continue
        bad = sorted({n for n in imports(path) if any(n == b or n.startswith(b + ".") for b in banned)})
        if bad:
            out[rel] = bad
    return out


def test_schedules_is_pure():
    assert offenders("schedules", ("bot", "sqlmodel", "sqlalchemy", "telegram", "httpx")) == {}


def test_the_service_owns_its_ports():
    assert offenders("bot/service", ("bot.channels", "bot.app", "bot.cli", "bot.runner", "bot.scheduler",
                                     "telegram", "httpx", "aiohttp")) == {}


def test_store_does_not_look_up():
    assert offenders("bot/store", ("bot.service", "bot.channels", "bot.app", "bot.cli", "bot.agencies",
                                   "bot.plans")) == {}


def test_channels_never_touch_the_store():
    assert offenders("bot/channels", ("bot.store", "sqlmodel", "sqlalchemy", "bot.app", "bot.cli")) == {}


def test_only_the_store_imports_sqlmodel():
    found = {f: b for folder in ("bot",) for f, b in offenders(folder, SQL, SQL_EXCEPTIONS).items()
             if not f.startswith("bot/store/")}
    assert found == {}


def test_every_exception_is_still_needed():
    """An exception that no longer imports sqlmodel must leave the list (none is left today)."""
    for path in SQL_EXCEPTIONS:
        assert any(n.split(".")[0] in SQL for n in imports(ROOT / path)), f"{path} no longer needs its exception"


def test_the_rule_sees_a_violation(tmp_path):
    """The checker itself: an import hidden inside a function is still found."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from bot.channels.telegram import X\n", encoding="utf-8")
    assert "bot.channels.telegram" in imports(f)


def test_the_web_calls_the_service_like_the_chat():
    """bot/web reaches data only through bot.service (portal functions), never the store or SQL."""
    assert offenders("bot/web", ("bot.store", "sqlmodel", "sqlalchemy", "bot.channels", "bot.cli", "telegram")) == {}


def test_nothing_below_looks_up_at_the_web():
    for folder in ("schedules", "bot/store", "bot/service", "bot/channels"):
        assert offenders(folder, ("bot.web", "fastapi", "uvicorn", "starlette")) == {}, folder
