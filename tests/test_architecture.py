"""The layout reads from the folders (docs/architecture.md): layers as packages, imports that
point one way (no cycles, lazy imports inside functions included), no module over 400 lines, no
function over 80 lines, and at most 8 modules at the package root."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "src" / "mmeval"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
MAX_ROOT_MODULES = 8


def modules() -> dict[str, Path]:
    """Every module by dotted name (a package by its own name)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _type_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (they never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines |= {n.lineno for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.stmt)}
    return lines


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules `name` imports when it runs: at module level and inside functions
    (lazy imports count), not under `if TYPE_CHECKING:` (type names only, never executed, so they
    cannot take part in an import-time cycle). `from a.b import c` counts a.b, and a.b.c when c
    is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text("utf-8"))
    skip = _type_only(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            found |= {base} & known
            found |= {f"{base}.{a.name}" for a in node.names} & known
    found.discard(name)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    mods = modules()
    graph = {name: imports(name, path, set(mods)) for name, path in mods.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_over_400_lines(name: str) -> None:
    lines = len(modules()[name].read_text("utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} lines"


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_function_over_80_lines(name: str) -> None:
    tree = ast.parse(modules()[name].read_text("utf-8"))
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == [], name


def test_at_most_8_modules_at_the_root() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert len(root) <= MAX_ROOT_MODULES, root


# Bottom to top (docs/architecture.md): a module imports only from its own layer or those below.
LAYERS = ("", "results", "program", "decision", "planning", "catalog", "person", "render", "cli")
ENTRY = {"mmeval.entry", "mmeval.__main__"}  # the console script, on top of everything


def layer(name: str) -> int:
    if name in ENTRY:
        return len(LAYERS)
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else 0


def test_imports_point_down_the_layers() -> None:
    mods = modules()
    upward = sorted(
        f"{name} -> {target}"
        for name, path in mods.items()
        for target in imports(name, path, set(mods))
        if layer(target) > layer(name)
    )
    assert upward == []


def test_every_package_is_a_layer() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == set(LAYERS) - {""}


def test_the_readme_layout_names_every_layer() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme[readme.index("## Layout") :]
    for name in LAYERS[1:]:
        assert f"  {name}/" in section, name
    for name in LAYERS[1:]:
        assert f"{name}/" in (REPO / "docs" / "architecture.md").read_text("utf-8"), name
