"""Compile the gettext catalogues (.po → .mo) with Babel for every build, wheel or editable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CATALOGUES = "bot/locale"


def compile_catalogue(po: Path) -> Path:
    """Write the .mo beside a .po, refusing a catalogue Babel finds errors in."""
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name)
    errors = [f"{message.id!r}: {error}" for message, found in catalog.check() for error in found]
    if errors:
        raise ValueError(f"{po}: " + "; ".join(errors))
    mo = po.with_suffix(".mo")
    with mo.open("wb") as target:
        write_mo(target, catalog)
    return mo


class CatalogueHook(BuildHookInterface):  # type: ignore[type-arg]
    """Ship compiled catalogues: the .mo files are build artifacts, never committed."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for po in sorted((root / CATALOGUES).glob("*/LC_MESSAGES/*.po")):
            mo = compile_catalogue(po)
            # An editable install reads the .mo where it was written, in the source tree.
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
