"""VEVENT_FORMAT: kept blocks are retired by any change to the code that renders them."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import bot.ical
from bot.ical import VEVENT_FORMAT


def _format_of(folder: Path, name: str) -> str:
    """Load a copy of render.py from `folder` and return the VEVENT_FORMAT it computes."""
    spec = importlib.util.spec_from_file_location(name, folder / "render.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    value: str = module.VEVENT_FORMAT
    return value


def test_the_format_follows_the_rendering_code(tmp_path: Path) -> None:
    package = Path(bot.ical.__file__).parent
    for source in package.glob("*.py"):
        shutil.copy(source, tmp_path / source.name)
    assert _format_of(tmp_path, "copy_same") == VEVENT_FORMAT
    vevent = tmp_path / "vevent.py"
    vevent.write_text(vevent.read_text().replace("hours=1", "hours=2"))
    assert _format_of(tmp_path, "copy_changed") != VEVENT_FORMAT
