"""Conventions the code keeps: strict typing, and no rdflib before the mapping stage."""

import ast
import subprocess
import sys

from .conftest import ROOT


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_parse_extract_and_model_do_not_import_rdflib() -> None:
    for name in ("parse", "extract", "model", "dates", "ids"):
        tree = ast.parse((ROOT / "src" / "qkp_rdf" / f"{name}.py").read_text("utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m.split(".")[0] == "rdflib" for m in imported), name
