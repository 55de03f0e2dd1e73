"""The package layout: every module imports as itself, and no module imports in a cycle."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import crossread

SRC = Path(crossread.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()
OPTIONAL = {"crossread.batch.ray_runner": "ray", "crossread.server": "fastapi"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_as_itself(name: str) -> None:
    for prefix, extra in OPTIONAL.items():
        if name.startswith(prefix):
            pytest.importorskip(extra)
    module = importlib.import_module(name)
    assert module.__name__ == name
    assert Path(module.__file__) == MODULES[name]


def _edges(name: str, path: Path) -> set[str]:
    """Modules of the package that ``name`` imports anywhere (module level or inside functions)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        out.update(t for t in targets if t in MODULES and t != name)
    return out


def test_no_import_cycles() -> None:
    graph = {name: _edges(name, path) for name, path in MODULES.items()}
    # Tarjan's strongly connected components: any component with 2+ modules is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


def test_public_functions_survive_submodule_imports() -> None:
    import crossread.crosscheck.report  # noqa: F401
    import crossread.ingest.sources  # noqa: F401
    import crossread.present  # noqa: F401
    import crossread.summary.summarizer  # noqa: F401

    for name in ("read", "summarize", "check", "render"):
        assert callable(getattr(crossread, name)), name
        assert not isinstance(getattr(crossread, name), type(crossread)), name
