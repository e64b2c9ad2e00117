"""Conventions the code keeps: strict typing, stages that import only what their job needs, no
import cycle, readable module sizes, and benchmarks that use the library's public functions."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = ROOT / "src" / "qkp_rdf"
MODULES = {p: ".".join(p.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__") for p in sorted(SRC.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """The absolute names of the modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = MODULES.get(path, "").split(".") if path.name == "__init__.py" else MODULES.get(path, "").split(".")[:-1]
    found = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(x for x in (base, node.module or "") if x)
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in MODULES.values()}
    return found


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("stage", ["document", "readers", "extract", "model", "dates", "ids"])
def test_the_stages_before_mapping_do_not_import_rdflib(stage: str) -> None:
    for path, module in MODULES.items():
        if module == f"qkp_rdf.{stage}" or module.startswith(f"qkp_rdf.{stage}."):
            assert not any(m.split(".")[0] == "rdflib" for m in _imports(path)), module


def test_only_the_pyshacl_engine_imports_pyshacl() -> None:
    importers = {module for path, module in MODULES.items() if any(m.split(".")[0] == "pyshacl" for m in _imports(path))}
    assert importers == {"qkp_rdf.shacl.engines.pyshacl"}


def test_no_module_imports_itself_back() -> None:
    # Type-only imports count too: a cycle is a cycle even when it only types.
    graph = {module: {m for m in _imports(path) if m in MODULES.values() and m != module} for path, module in MODULES.items()}
    # A package's __init__ is imported by its modules implicitly: a module importing its own package is no edge back.
    graph = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            assert state.get(dep) != 1, " -> ".join([*path, module, dep])
            if dep not in state:
                visit(dep, [*path, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_modules_stay_readable() -> None:
    long = {module: n for path, module in MODULES.items() if (n := len(path.read_text("utf-8").splitlines())) > 400}
    assert not long, long


def _scripts(path: Path) -> list[ast.Module]:
    """A benchmark's code, and the code it runs in fresh processes from strings."""
    tree = ast.parse(path.read_text("utf-8"))
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return [tree, *(ast.parse(text) for text in strings if text.lstrip().startswith(("import ", "from ")))]


def test_benchmarks_use_only_public_library_names() -> None:
    for path in sorted((ROOT / "benchmarks").glob("*.py")):
        for tree in _scripts(path):
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qkp_rdf"):
                    private = [a.name for a in node.names if a.name.startswith("_")]
                    assert not private, f"{path.name}: from {node.module} import {private}"
                # The tests' references are what the build is held to, not a way to build.
                assert not (isinstance(node, ast.ImportFrom) and node.module == "tests.reference"), path.name


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["query", "officeholders", "--format", "csv"], ["query", "--help"], ["load", "--help"]])
def test_commands_that_do_not_validate_do_not_import_an_engine(args: list[str]) -> None:
    # pySHACL alone takes about half a second to import: only build and validate need an engine.
    script = (
        "import sys\nfrom qkp_rdf.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in ('pyshacl', 'shacl', 'qkp_rdf.shacl.engines.pyshacl', 'qkp_rdf.shacl.engines.shacl_engine') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
