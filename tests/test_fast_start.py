"""Fast start: the light commands do not load the bot, the web server or (mostly) the store.

Each command runs in a fresh interpreter, which then lists the heavy packages it imported:
python-telegram-bot, aiohttp and the feed and page readers never, SQLAlchemy only for the
commands that open the store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

HEAVY = ("telegram", "aiohttp", "sqlalchemy", "trafilatura", "feedparser")
MARKER = "loaded heavy packages: "
ARTICLE = SEEDS / "000_6d0122ac0ca97e75.txt"  # dated by its sidecar, not by today

# Runs one command as `negbot` does, then names the heavy packages it imported, on the last line.
PROBE = f"""
import json, sys
from bot.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:  # --help
    status = exc.code
sys.stdout.flush()
loaded = sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r})
print({MARKER!r} + json.dumps(loaded))
sys.exit(status)
"""


def _loaded_by(arguments: list[str], tmp_path: Path) -> set[str]:
    """Run `negbot ARGUMENTS` in a fresh interpreter; return the heavy roots it imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEGBOT_")}
    env["NEGBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'negbot.db'}"
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        cwd=tmp_path,  # no .env file here
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"negbot {' '.join(arguments)} failed:\n{done.stderr}"
    last = done.stdout.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith(MARKER), f"no report of the imports:\n{done.stdout}\n{done.stderr}"
    modules: list[str] = json.loads(last.removeprefix(MARKER))
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize(
    ("arguments", "allowed"),
    [
        pytest.param(["--help"], set(), id="help"),
        pytest.param(["extract", str(ARTICLE)], set(), id="extract"),
        pytest.param(["events", "list"], {"sqlalchemy"}, id="events-list"),
        pytest.param(["sources", "list"], {"sqlalchemy"}, id="sources-list"),
    ],
)
def test_light_commands_leave_the_heavy_packages_alone(
    arguments: list[str], allowed: set[str], tmp_path: Path
) -> None:
    loaded = _loaded_by(arguments, tmp_path)
    assert loaded - allowed == set()
    # The probe sees imports: the command that opens the store did load SQLAlchemy.
    assert loaded == allowed
