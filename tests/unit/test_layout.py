"""The layout's rules that import-linter cannot see (``make lint`` checks the layers):

- an import inside a function or method is allowed only in ``bot/cli/`` (the command line
  loads what each command needs); everywhere else every import is at the top of the
  module, so the import graph is the real one and an import error fails at boot;
- a helper that several features share is defined once.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("bot", "webhooks", "storage")
ALLOWED = ("bot/cli/",)  # click commands import what they need when they run


def modules() -> list[Path]:
    return sorted(
        path
        for top in CHECKED
        for path in (ROOT / top).rglob("*.py")
        if not path.relative_to(ROOT).as_posix().startswith(ALLOWED)
    )


def function_imports(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    """(line, function, import) for every import statement inside a function body."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner.lineno, node.name, ast.unparse(inner)


def test_the_checked_tree_is_not_empty() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in modules()}
    assert "bot/app.py" in names and "webhooks/twilio.py" in names and "storage/db.py" in names
    assert not any(name.startswith("bot/cli/") for name in names)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_import_inside_a_function(path: Path) -> None:
    found = sorted(set(function_imports(ast.parse(path.read_text(encoding="utf-8")))))
    where = path.relative_to(ROOT).as_posix()
    assert not found, "\n".join(
        f"{where}:{line}: `{text}` inside {func}(): move it to the top of the module "
        "(invert the dependency if the layers forbid it)"
        for line, func, text in found
    )


def test_the_checker_sees_imports_in_methods_and_nested_functions() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bot.runtime import Runtime\n"
        "class A:\n    def m(self):\n        import json\n"
        "def f():\n    def g():\n        from os import path\n"
    )
    found = {(line, text) for line, _, text in function_imports(ast.parse(source))}
    assert found == {(6, "import json"), (9, "from os import path")}


# -- one definition of each shared helper ----------------------------------------------------

# name -> the one module (relative path) that may define a function of that name
ONE_DEFINITION = {
    "managers": "bot/directory/people.py",  # the help desk manager, else role=manager
    "escalation_chain": "bot/directory/people.py",
    "describe": "bot/directory/people.py",
    "on_call": "bot/directory/oncall.py",  # the one on-call lookup
    "tell_staff": "bot/tickets/notifications.py",
    "shorten": "bot/core/text.py",
    "local_time": "bot/core/i18n.py",
    "on_commit": "bot/messaging/on_commit.py",
    "promise": "bot/tickets/targets.py",  # a ticket's response time, for every display
    "send_page": "bot/tickets/pager.py",
}
# Other names the same helpers used to have; none of them may come back.
FORMER_NAMES = {
    "short": "bot.core.text.shorten",
    "on_call_phone": "bot.directory.oncall.on_call",
    "customer_datetime": "bot.core.i18n.local_time",
    "after_commit": "bot.messaging.on_commit.on_commit",
    "escalation": "bot.directory.people.escalation_chain",
    "contact_by": "bot.tickets.targets.promise",
    "response_clock_of": "bot.tickets.targets.promise",
}


def definitions() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "webhooks").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.setdefault(node.name, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_each_shared_helper_is_defined_once() -> None:
    found = definitions()
    for name, home in ONE_DEFINITION.items():
        assert found.get(name) == [home], f"{name}() is defined in {found.get(name)}; want {home}"
    for name, instead in FORMER_NAMES.items():
        assert name not in found, f"{name}() is back in {found[name]}: use {instead}"


def test_only_the_on_call_lookup_reads_the_rotation() -> None:
    """``on_call_at`` with the stored overrides is ``bot.directory.oncall``'s job alone."""
    users = []
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "webhooks").rglob("*.py")):
        if path.parent.name == "directory" or "/cli/" in path.as_posix():
            continue
        if "on_call_at" in path.read_text(encoding="utf-8"):
            users.append(path.relative_to(ROOT).as_posix())
    assert users == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_control_characters_in_the_source(path: Path) -> None:
    """A "\\b" typed into a string that is not raw is a backspace: a pattern with one never
    matches, silently."""
    text = path.read_text(encoding="utf-8")
    found = [i for i, line in enumerate(text.splitlines(), 1) if re.search(r"[\x00-\x08]", line)]
    assert not found, f"{path.relative_to(ROOT).as_posix()}: control characters on lines {found}"
