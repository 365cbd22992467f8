"""The package's layers: every import of a d2lite module points down, never up or sideways.

The layers are written down here and in the README's Development section. A
module may import modules of lower layers, and modules of its own package
(`data/`, `classes/`, `exercises/`); two modules of one layer never import each
other. Function-level imports count the same as top-level ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "d2lite"

# Bottom first. Each entry is a module (`devices`) or a package (`data`); a package's
# modules may import each other.
LAYERS: list[tuple[str, ...]] = [
    # foundation: knows nothing of the chapter
    ("version", "lang"),
    ("messages",),
    ("validation", "aliases", "_book_names", "timer", "display", "mistakes", "fonts", "files")
    + ("compat",),
    ("devices", "seeding", "regression", "progress"),
    # the shared core: data never reaches plotting, plotting never reaches data
    ("data", "live"),
    ("nets", "plotting"),
    ("metrics",),
    # the classic functions, the 1.0 classes, the exercise checkers: side by side
    ("training", "classes", "exercises", "handout", "grading"),
    ("recipes", "check"),
    # what people call: the command and the book namespace
    ("commands", "classroom"),
    ("__init__", "cli"),
    ("torch", "__main__"),
]

PACKAGES = {"data", "classes", "exercises", "messages"}


def _unit(module: str) -> str:
    """Return the layer entry a dotted module name ("d2lite.data.idx") belongs to."""
    parts = module.split(".")
    assert parts[0] == "d2lite", module
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, package_root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Return (line, imported d2lite module) for every import in the file, wherever it is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = _module_name(path, package_root)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "d2lite"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "d2lite":
                continue
            if target == "d2lite":  # `from d2lite import torch`: the names may be modules
                for alias in node.names:
                    sub = package_root / alias.name
                    if (sub.with_suffix(".py")).exists() or (sub / "__init__.py").exists():
                        found.append((node.lineno, f"d2lite.{alias.name}"))
                    else:
                        found.append((node.lineno, "d2lite"))
            else:
                found.append((node.lineno, target))
    return found


def _level(unit: str) -> int:
    for level, units in enumerate(LAYERS):
        if unit in units:
            return level
    raise KeyError(unit)


def layering_violations(package: Path = PACKAGE) -> list[str]:
    """Return one line per import that points up or sideways a layer."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        source = _unit(_module_name(path, package))
        for line, target in _imports(path, package):
            dest = _unit(target)
            if dest == source and (source in PACKAGES or target != "d2lite"):
                continue  # inside one package, or a module importing its own parts
            if _level(dest) >= _level(source):
                rel = path.relative_to(package.parent)
                problems.append(
                    f"{rel}:{line} imports {target} (layer {_level(dest)} '{dest}') from layer "
                    f"{_level(source)} '{source}'"
                )
    return problems


def test_every_module_has_a_layer():
    units = {_unit(_module_name(p)) for p in PACKAGE.rglob("*.py")}
    listed = {u for layer in LAYERS for u in layer}
    assert units - listed == set(), "add these modules to LAYERS (and the README's diagram)"
    assert listed - units == set(), "LAYERS names modules that no longer exist"


def test_imports_point_down_only():
    assert layering_violations() == []


def test_an_upward_import_is_caught(tmp_path):
    # A copy of the package with one import added that points up: data importing plotting.
    copy = tmp_path / "d2lite"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    loaders = copy / "data" / "loaders.py"
    loaders.write_text(
        loaders.read_text(encoding="utf-8") + "\n\ndef f():\n    from d2lite import plotting\n",
        encoding="utf-8",
    )
    problems = layering_violations(copy)
    assert len(problems) == 1
    assert "loaders.py" in problems[0] and "imports d2lite.plotting" in problems[0]


def test_the_readme_diagram_shows_every_layer():
    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- layers -->")
    diagram = readme[start : readme.index("<!-- /layers -->", start)]
    for units in LAYERS:
        for unit in units:
            shown = f"{unit}/" if unit in PACKAGES else f"{unit}.py"
            assert shown in diagram, f"the README's layer diagram does not show {shown}"
    for package in PACKAGES:
        for path in (PACKAGE / package).glob("*.py"):
            if path.name != "__init__.py":
                assert path.name in diagram, f"the README's diagram does not show {path}"
