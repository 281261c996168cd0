"""Commands import only what they use: loading the command line (what `nhacviec --help` and
`nhacviec deadline` pay for) pulls in none of the heavy libraries. No timing: which modules."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "matplotlib", "docx", "openpyxl", "xlsxwriter", "telegram", "httpx", "aiohttp",
         "holidays", "apscheduler", "bot.app", "bot.store", "bot.service")


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return {m for m in out.split() if m.split(".")[0] in {h.split(".")[0] for h in HEAVY}
            and any(m == h or m.startswith(h + ".") for h in HEAVY)}


def test_the_command_line_loads_no_heavy_library():
    assert loaded_after("import bot.cli") == set()


def test_deadline_command_loads_only_the_parser():
    code = ("from typer.testing import CliRunner\nfrom bot.cli import app\n"
            "r = CliRunner().invoke(app, ['deadline', 'Quý II/2025'])\nassert r.exit_code == 0, r.output")
    assert loaded_after(code) == set()
