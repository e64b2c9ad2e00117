"""A newcomer's first command, run for real: a fresh venv, the README's install command, a build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qkp_rdf.pipeline import OUTPUT_FILES

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def readme_commands() -> list[str]:
    """The shell commands in the README's first two ```sh blocks: install + build, then tests."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    return [" ".join(block.replace("\\\n", " ").split()) for block in blocks[:2]]


def test_readme_opens_with_the_two_commands() -> None:
    install, tests = readme_commands()
    assert "qkp-rdf build" in install and "pip install" in install
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert tests in " ".join(ci.replace("\\\n", " ").split()), ".ci/run must run exactly the README's test command"


@pytest.mark.install
def test_fresh_venv_install_and_build(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_symlink():  # src/qkp_rdf/shapes -> ../../shapes, as git would check it out
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            (checkout / name).symlink_to(os.readlink(ROOT / name))
        elif (ROOT / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, checkout / name)
    for name in OUTPUT_FILES:
        (checkout / "output" / name).unlink(missing_ok=True)
    install, _ = readme_commands()
    # The outer venv must not leak in: the command makes and activates its own.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "SOURCE_DATE_EPOCH", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    result = subprocess.run(["bash", "-c", install], cwd=checkout, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for name in OUTPUT_FILES:
        assert (checkout / "output" / name).read_bytes() == (ROOT / "output" / name).read_bytes(), name
