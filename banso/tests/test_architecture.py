"""The levels of docs/architecture.md hold, and no import cycle hides anywhere.

`lint-imports` (import-linter, in `make lint`) checks the contracts of pyproject.toml: it is run
here on the real tree, and on a copy with deliberate wrong imports to show it fails on them.
The cycle checks read the same import graph (grimp, import-linter's library) and tell imports
at module level from imports inside a function, which Python runs only when the function is
called: a cycle of module-level imports is a loop at import time, one closed only by
function-level imports is a loop in the design, hidden.
"""

import ast
import functools
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import grimp
import pytest

PROJECT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# The cycles still closed by a function-level import, each a pair that is one operation split
# in two: a service enqueues its task and the task runs the service (django-tasks needs the task
# object at enqueue time and the task needs the service), and accounts' UserManager creates
# people through user_create as Django's createsuperuser expects of a manager. A new cycle, at
# any level, fails the test below.
KNOWN_FUNCTION_LEVEL_CYCLES = {
    frozenset({"banso.accounts.models", "banso.accounts.services"}),
    frozenset({"banso.broadcast.services.versions", "banso.broadcast.tasks"}),
    frozenset({"banso.jobs.imports", "banso.jobs.tasks"}),
    frozenset({"banso.lingo.services", "banso.lingo.tasks"}),
    frozenset({"banso.market.services.feeds", "banso.market.tasks"}),
    frozenset({"banso.stamps.services.runs", "banso.stamps.tasks"}),
    frozenset({"banso.tourism.services.calendars", "banso.tourism.tasks"}),
    frozenset({"banso.trace.services.capture_jobs", "banso.trace.tasks"}),
}


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(cwd), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(  # noqa: S603 (our own virtualenv's lint-imports, no shell)
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_levels_hold_on_this_tree():
    result = _lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _copy(to: Path) -> Path:
    """A copy of the package's code and of the contracts, to break on purpose."""
    shutil.copytree(
        PROJECT / "banso",
        to / "banso",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates"),
    )
    shutil.copy(PROJECT / "pyproject.toml", to / "pyproject.toml")
    return to


def test_an_upward_or_sideways_import_breaks_the_build(tmp_path):
    """A copy of the package with a level-0 app importing a level-2 one, and a level-2 app
    reaching into another's views: `lint-imports` fails and names both imports."""
    _copy(tmp_path)
    (tmp_path / "banso" / "places" / "upward.py").write_text("import banso.market\n")
    (tmp_path / "banso" / "stamps" / "sideways.py").write_text("from banso.market import views\n")

    result = _lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    broken = {line.split(" BROKEN")[0] for line in result.stdout.splitlines() if " BROKEN" in line}
    assert broken == {
        "Apps depend only downward (level 3 web, level 2 domains, level 1, level 0 floor)",
        "Level-2 apps reach each other only through models, services, selectors and registries",
        "No import cycle between apps",  # places -> market -> places
    }
    assert "banso.places is not allowed to import banso.market" in result.stdout
    assert "banso.places.upward -> banso.market (l.1)" in result.stdout
    assert "banso.stamps.sideways -> banso.market.views (l.1)" in result.stdout


def test_a_new_app_must_be_given_its_level(tmp_path):
    (_copy(tmp_path) / "banso" / "unplaced").mkdir()
    (tmp_path / "banso" / "unplaced" / "__init__.py").write_text("")

    result = _lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "The following modules are not listed as layers:" in result.stdout
    assert "- banso.unplaced" in result.stdout


# --- Cycles ---------------------------------------------------------------------------------


def _is_test(module: str) -> bool:
    return ".tests" in module or module.endswith("conftest") or ".migrations" in module


@functools.cache
def _function_level_lines(path: Path) -> frozenset[int]:
    """Lines of the import statements of ``path`` that sit inside a function."""
    lines = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                lines.add(child.lineno)
            inside = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            visit(child, inside)

    visit(ast.parse(path.read_text()), False)
    return frozenset(lines)


def _source(module: str) -> Path:
    path = PROJECT.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@pytest.fixture(scope="module")
def imports() -> dict[str, dict[str, set[str]]]:
    """The imports of the non-test code, split into module level and function level
    (imports under ``if TYPE_CHECKING:`` never run and are left out)."""
    graph = grimp.build_graph("banso", cache_dir=None, exclude_type_checking_imports=True)
    found: dict[str, dict[str, set[str]]] = {"module": defaultdict(set), "any": defaultdict(set)}
    for importer in graph.modules:
        if _is_test(importer):
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            if _is_test(imported):
                continue
            found["any"][importer].add(imported)
            lines = {
                d["line_number"]
                for d in graph.get_import_details(importer=importer, imported=imported)
            }
            if not lines <= _function_level_lines(_source(importer)):
                found["module"][importer].add(imported)
    return found


def _cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one node (Tarjan, iteratively)."""
    nodes = set(edges) | {node for targets in edges.values() for node in targets}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges.get(target, ())))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _between_apps(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    apps: dict[str, set[str]] = defaultdict(set)
    for importer, imported in _pairs(edges):
        if _app(importer) != _app(imported):
            apps[_app(importer)].add(_app(imported))
    return apps


def _pairs(edges: dict[str, set[str]]) -> Iterable[tuple[str, str]]:
    return ((importer, imported) for importer, targets in edges.items() for imported in targets)


def test_the_cycle_finder_finds_a_cycle():
    edges = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "b.w": {"a.x"}}
    assert _cycles(edges) == [frozenset({"a.x", "a.y", "a.z"})]
    between = _between_apps({"banso.a.x": {"banso.b.w"}, "banso.b.w": {"banso.a.y"}})
    assert _cycles(between) == [frozenset({"banso.a", "banso.b"})]


def test_no_cycle_between_apps(imports):
    """Counting every import, at module level or inside a function."""
    assert _cycles(_between_apps(imports["any"])) == []


def test_no_module_level_cycle_inside_an_app(imports):
    assert _cycles(imports["module"]) == []


def test_no_other_cycle_through_function_level_imports(imports):
    assert set(_cycles(imports["any"])) == KNOWN_FUNCTION_LEVEL_CYCLES
