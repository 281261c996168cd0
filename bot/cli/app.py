"""The Typer application object. Command modules in this package register on it."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="nhacviec",
    help="Nhắc việc: nhắc các cơ quan thực hiện đúng hạn kế hoạch của Tiểu Ban.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # never print locals: they may hold tokens
)
