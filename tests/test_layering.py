"""Layering: no product module imports the development tools in bot/devtools/, and
dependencies point inward (services, models and ports know no Telegram, HTTP or SQL library;
the adapters reach the store only through the services, except where the store is built).

Only the commands that run them, `negbot chat` and `negbot replay`, may import bot.devtools,
and only inside a function, so that `negbot --help` stays fast (tests/test_fast_start.py).
Every import counts: `import x` and `from x import y`, relative ones, and those in functions.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

DEVTOOLS = "bot.devtools"
# The commands that run the development tools: they may import them inside a function.
RUNNERS = frozenset({"bot.cli.chat_cmd", "bot.cli.replay_cmd"})


@dataclass(frozen=True)
class Import:
    """One imported name, made absolute, and where the import stands."""

    target: str
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    """The dotted name of a module file under ROOT (a package for an __init__.py)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _statements(
    node: ast.AST, in_function: bool = False
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement under `node`, and whether a function body holds it."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from _statements(child, inner)


def imports(source: str, module: str, *, is_package: bool = False) -> Iterator[Import]:
    """The names a module's source imports: `from a import b` imports a.b."""
    package = module if is_package else module.rpartition(".")[0]
    for statement, in_function in _statements(ast.parse(source)):
        if isinstance(statement, ast.Import):
            targets = [alias.name for alias in statement.names]
        else:
            relative = "." * statement.level + (statement.module or "")
            base = importlib.util.resolve_name(relative, package)
            targets = [f"{base}.{alias.name}" for alias in statement.names]
        for target in targets:
            yield Import(target, statement.lineno, in_function)


def _in_devtools(name: str) -> bool:
    return name == DEVTOOLS or name.startswith(DEVTOOLS + ".")


def _allowed(module: str, found: Import) -> bool:
    if _in_devtools(module) or not _in_devtools(found.target):
        return True
    return module in RUNNERS and found.in_function


def violations(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """What breaks the rule in one module's source, one line each."""
    return [
        f"{module}, line {found.line}: imports {found.target}"
        + ("" if found.in_function else " at module level")
        for found in imports(source, module, is_package=is_package)
        if not _allowed(module, found)
    ]


def _modules() -> Iterator[tuple[str, str, bool]]:
    """Every module under bot/: its name, its source, and whether it is a package."""
    for path in sorted((ROOT / "bot").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        yield module_name(path), source, path.name == "__init__.py"


def test_no_product_module_imports_the_devtools() -> None:
    found: list[str] = []
    runner_imports = 0
    for module, source, is_package in _modules():
        found += violations(source, module, is_package=is_package)
        if module in RUNNERS:
            runner_imports += sum(_in_devtools(i.target) for i in imports(source, module))
    assert found == []
    # The checker does see imports: the runners import the devtools, inside their handlers.
    assert runner_imports > 0


@pytest.mark.parametrize(
    ("module", "source", "reported"),
    [
        pytest.param(
            "bot.runtime",
            "from bot.devtools.localapi import LocalBotApi\n",
            "bot.runtime, line 1: imports bot.devtools.localapi.LocalBotApi at module level",
            id="from-import",
        ),
        pytest.param(
            "bot.tg.app",
            "import bot.devtools.terminal.replay\n",
            "bot.tg.app, line 1: imports bot.devtools.terminal.replay at module level",
            id="plain-import",
        ),
        pytest.param(
            "bot.tg.app",
            "def run() -> None:\n    from ..devtools import localapi\n",
            "bot.tg.app, line 2: imports bot.devtools.localapi",
            id="relative-in-function",
        ),
        pytest.param(
            "bot.cli.chat_cmd",
            "import os\nif os.name:\n    from bot import devtools\n",
            "bot.cli.chat_cmd, line 3: imports bot.devtools at module level",
            id="runner-at-module-level",
        ),
    ],
)
def test_a_violation_is_reported(module: str, source: str, reported: str) -> None:
    assert violations(source, module) == [reported]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        pytest.param(
            "bot.cli.replay_cmd",
            "def command() -> int:\n    from bot.devtools.terminal.replay import Replay\n",
            id="runner-in-function",
        ),
        pytest.param(
            "bot.devtools.terminal.session",
            "from ..localapi import LocalBotApi\n",
            id="devtools-itself",
        ),
        pytest.param("bot.runtime", "from bot.tg.take_once import install_once\n", id="product"),
    ],
)
def test_allowed_imports_pass(module: str, source: str) -> None:
    assert violations(source, module) == []


def _within(name: str, prefixes: frozenset[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@dataclass(frozen=True)
class Rule:
    """Modules under `layer` import nothing under `forbidden`, except the modules in `exempt`."""

    name: str
    layer: frozenset[str]
    forbidden: frozenset[str]
    exempt: frozenset[str] = frozenset()


INWARD = Rule(
    "the core imports no adapter, framework or store",
    layer=frozenset({"bot.services", "bot.models", "bot.ports"}),
    forbidden=frozenset({"telegram", "aiohttp", "sqlalchemy", "bot.store", "bot.tg", "bot.web"}),
    # The container holds the store beside the services it wires; the snapshot command opens a
    # store of its own to import the seeds into: both build, neither queries.
    exempt=frozenset({"bot.services.container", "bot.services.snapshot"}),
)
THROUGH_SERVICES = Rule(
    "the adapters reach the store through the services",
    layer=frozenset({"bot.tg", "bot.web", "bot.cli"}),
    forbidden=frozenset({"bot.store"}),
    exempt=frozenset(
        {
            # Composition roots: where a store is opened (and its URL shown redacted).
            "bot.cli.context",
            "bot.cli.db_cmd",
            "bot.cli.chat_cmd",
            # Not yet behind a port: update de-duplication and the feed caches, which the
            # change bus and the one feed cache of issue 13 replace.
            "bot.tg.take_once",
            "bot.web.cache",
            "bot.web.feeds",
        }
    ),
)
RULES = (INWARD, THROUGH_SERVICES)


def layer_violations(
    rule: Rule, source: str, module: str, *, is_package: bool = False
) -> list[str]:
    """What breaks `rule` in one module's source, one line each."""
    if not _within(module, rule.layer) or module in rule.exempt:
        return []
    return [
        f"{module}, line {found.line}: imports {found.target} ({rule.name})"
        for found in imports(source, module, is_package=is_package)
        if _within(found.target, rule.forbidden)
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_dependencies_point_inward(rule: Rule) -> None:
    found: list[str] = []
    checked = 0
    for module, source, is_package in _modules():
        found += layer_violations(rule, source, module, is_package=is_package)
        checked += _within(module, rule.layer)
    assert found == []
    assert checked > 5  # the layer's modules were seen
    stale = {m for m in rule.exempt if not (ROOT / (m.replace(".", "/") + ".py")).exists()}
    assert stale == set()  # an exemption names a module that is there


@pytest.mark.parametrize(
    ("rule", "module", "source", "reported"),
    [
        pytest.param(
            INWARD,
            "bot.services.calendar",
            "from bot.store import Store\n",
            "bot.services.calendar, line 1: imports bot.store.Store (" + INWARD.name + ")",
            id="service-imports-the-store",
        ),
        pytest.param(
            INWARD,
            "bot.ports",
            "def f() -> None:\n    import sqlalchemy.orm\n",
            "bot.ports, line 2: imports sqlalchemy.orm (" + INWARD.name + ")",
            id="port-imports-sqlalchemy-in-a-function",
        ),
        pytest.param(
            INWARD,
            "bot.models",
            "from telegram import Update\n",
            "bot.models, line 1: imports telegram.Update (" + INWARD.name + ")",
            id="model-imports-telegram",
        ),
        pytest.param(
            THROUGH_SERVICES,
            "bot.web.pages",
            "from ..store.events import EventStore\n",
            "bot.web.pages, line 1: imports bot.store.events.EventStore ("
            + THROUGH_SERVICES.name
            + ")",
            id="page-imports-the-store-relatively",
        ),
    ],
)
def test_a_layer_violation_is_reported(rule: Rule, module: str, source: str, reported: str) -> None:
    assert layer_violations(rule, source, module) == [reported]


@pytest.mark.parametrize(
    ("rule", "module", "source"),
    [
        pytest.param(INWARD, "bot.services.feeds", "from bot.ports import StorePort\n", id="port"),
        pytest.param(INWARD, "bot.services.container", "from bot.store import Store\n", id="root"),
        pytest.param(INWARD, "bot.servicesx", "import aiohttp\n", id="not-in-layer"),
        pytest.param(
            THROUGH_SERVICES, "bot.cli.context", "from bot.store import Store\n", id="cli"
        ),
    ],
)
def test_allowed_layer_imports_pass(rule: Rule, module: str, source: str) -> None:
    assert layer_violations(rule, source, module) == []


# The web app wires the feed routes and their cache over the store (replaced by the one feed
# cache of issue 13); no other adapter reaches for `services.store`.
STORE_WIRING = frozenset({"bot.web.app"})


def store_reaches(source: str, module: str) -> list[str]:
    """Where an adapter reads an attribute named `store` (`services.store.tracks...`)."""
    if not _within(module, THROUGH_SERVICES.layer) or module in STORE_WIRING:
        return []
    return [
        f"{module}, line {node.lineno}: reads .store"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "store"
    ]


def test_adapters_do_not_reach_through_the_services_to_the_store() -> None:
    found = [line for m, source, _ in _modules() for line in store_reaches(source, m)]
    assert found == []
    assert store_reaches("x = kit.services.store.tracks\n", "bot.tg.handlers.reading") == [
        "bot.tg.handlers.reading, line 1: reads .store"
    ]
