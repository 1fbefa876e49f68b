"""Running `negbot` as a process, in a folder of its own holding a link to the seeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working directory with `seeds` in it and no .env file."""
    (tmp_path / "seeds").symlink_to(SEEDS, target_is_directory=True)
    return tmp_path


@pytest.fixture
def environment(workdir: Path) -> dict[str, str]:
    """The environment of a negbot process: no NEGBOT_* of the caller, a database in workdir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEGBOT_")}
    env.update(
        {
            "NEGBOT_DATABASE_URL": f"sqlite:///{workdir / 'negbot.db'}",
            "NEGBOT_HTTP_PORT": "0",
            "PYTHONPATH": str(ROOT),
            "TZ": "Europe/Moscow",
        }
    )
    return env
