"""`nhacviec` command line. Every module of this package registers its commands on `app`;
each command builds what it needs through `bot.app` and calls one service."""
from __future__ import annotations

import importlib
import pkgutil

from bot.cli.app import app

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name != "app":
        importlib.import_module(f"{__name__}.{_mod.name}")


def main() -> None:
    app()


__all__ = ["app", "main"]
