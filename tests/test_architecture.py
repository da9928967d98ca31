"""The shape of the code, read from the source with ``ast`` (docs/architecture.md).

* No import cycle inside the packages, counting imports at module level and inside
  functions alike.
* A function-level import only where a comment says why (Django app loading, an optional
  dependency, the CLI's commands loading after Django is set up).
* The registry's top level holds at most twelve modules besides its packages, and no
  module of the packages is over 400 lines.
* Outside the registry (the site, the benchmarks, the Tutor plugin) only
  ``trainer_registry.api`` is imported; ``make quality`` checks the same for the
  installed packages with import-linter, whose contracts are checked here too. A
  benchmark is the one exception, and only for the code it times and takes apart
  (:data:`BENCHMARKED`): it times that path's phases beside a floor, which the surface
  does not expose (docs/architecture.md).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("trainer_registry", "commit_training", "curriculum_build")
OUTSIDE = ("commit_site", "benchmarks", "deploy")
MAX_TOP_LEVEL_MODULES = 12
MAX_LINES = 400
# Benchmark folder -> the registry modules it times (and sets up data for), white-box.
BENCHMARKED = {
    "benchmarks/attrition": ("trainer_registry.attrition",),
    "benchmarks/certificate_issue": (
        "trainer_registry.certificates",
        "trainer_registry.credentials",
        "trainer_registry.models",
    ),
    "benchmarks/certificate_pdf": ("trainer_registry.certificate_pdf",),
    "benchmarks/followup_import": ("trainer_registry.followup", "trainer_registry.models"),
    "benchmarks/item_analysis": ("trainer_registry.assessment",),
    "benchmarks/registry_scale": (
        "trainer_registry.models",
        "trainer_registry.programme_report",
        "trainer_registry.tasks",
    ),
}


def _modules(package: str) -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = {name: path for package in PACKAGES for name, path in _modules(package).items()}


def _imports(module: str, path: Path) -> Iterator[tuple[ast.stmt, list[str]]]:
    """Each import statement of the module with the modules it imports: ``from pkg import
    name`` imports ``pkg.name`` when that is a module, else ``pkg``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield node, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            yield (
                node,
                [
                    f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in MODULES else prefix
                    for alias in node.names
                ],
            )


def _known(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for module, path in MODULES.items():
        for _node, targets in _imports(module, path):
            for target in targets:
                known = _known(target)
                if known and known != module:
                    graph[module].add(known)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_it_must():
    graph = import_graph()
    assert "trainer_registry.access" in graph["trainer_registry.api"]
    assert (
        "trainer_registry.certification.decisions" in graph["trainer_registry.certificates.issuing"]
    )
    # a function-level import counts too
    assert "trainer_registry.platform.receivers" in graph["trainer_registry.apps"]


def test_cycles_are_found_when_there_are_some():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def _commented(lines: list[str], node: ast.stmt) -> bool:
    """A comment on the import's lines, or on the first line above the run of imports
    (blank lines between them allowed) that it belongs to."""
    if any("#" in line for line in lines[node.lineno - 1 : node.end_lineno]):
        return True
    row = node.lineno - 2
    while row >= 0:
        text = lines[row].strip()
        if "#" in text:
            return True
        if text and not text.startswith(("import ", "from ", ")")) and not text.endswith(","):
            return False
        row -= 1
    return False


def test_function_level_imports_say_why():
    bare = []
    for module, path in MODULES.items():
        lines = path.read_text().splitlines()
        for node, _names in _imports(module, path):
            if node.col_offset > 0 and not _commented(lines, node):
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == [], "function-level imports with no comment saying why"


def test_the_registry_top_level_is_small():
    top = sorted(path.name for path in (ROOT / "trainer_registry").glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_over_400_lines(package):
    long = {
        str(path.relative_to(ROOT)): n
        for path in _modules(package).values()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def _under(path: Path, folder: str) -> bool:
    return path.is_relative_to(ROOT / folder)


def test_outside_the_registry_only_its_api_is_imported():
    reached = []
    for folder in OUTSIDE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    if node.module == "trainer_registry":
                        names = [f"trainer_registry.{alias.name}" for alias in node.names]
                    else:
                        names = [node.module]
                timed = next(
                    (modules for folder, modules in BENCHMARKED.items() if _under(path, folder)),
                    (),
                )
                for name in names:
                    if not name.startswith("trainer_registry") or name == "trainer_registry.api":
                        continue
                    if any(name == m or name.startswith(f"{m}.") for m in timed):
                        continue
                    reached.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert reached == []


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    kept = [
        line for line in result.stdout.splitlines() if line.endswith("KEPT") or "KEPT (" in line
    ]
    assert len(kept) >= 4, result.stdout
