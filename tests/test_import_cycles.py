"""No import cycle anywhere in kapnotes/ (imports inside functions included), and no module
reaches into another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kapnotes"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


MODULES = {
    _module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts
}


def _resolve(current: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = current if MODULES[current].name == "__init__.py" else current.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _edges(name: str) -> dict[str, set[str]]:
    """Modules of kapnotes that `name` imports (anywhere in the file), each with the names
    taken from it (`from m import a, b`) or an empty set for `import m`."""
    out: dict[str, set[str]] = {}
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    out.setdefault(alias.name, set())
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:  # `from package import module`
                    out.setdefault(sub, set())
                elif base in MODULES:
                    out.setdefault(base, set()).add(alias.name)
    out.pop(name, None)
    return out


GRAPH = {name: _edges(name) for name in MODULES}


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in GRAPH:
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_sees_function_level_imports():
    # The document services import reportlab's exporters inside functions (start-up time).
    assert "kapnotes.export.session_pdf" in GRAPH["kapnotes.services.documents"]
    assert len(GRAPH) > 150


def test_no_import_cycle_in_kapnotes():
    cycles = _cycles()
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_no_module_imports_another_modules_private_names():
    offenders = [
        f"{name} imports {target}.{taken}"
        for name, edges in GRAPH.items()
        for target, names in edges.items()
        for taken in names
        if taken.startswith("_") and not taken.startswith("__")
    ]
    assert not offenders, "\n".join(offenders)


def test_no_module_reaches_into_another_modules_private_attributes():
    """`module._name` on an imported kapnotes module (a private attribute of an object, such as
    `self._x`, is the object's own business and not checked here)."""
    offenders = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = _resolve(name, node)
                for alias in node.names:
                    if f"{base}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                offenders.append(f"{name}:{node.lineno} {node.value.id}.{node.attr}")
    assert not offenders, "\n".join(offenders)
