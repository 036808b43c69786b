"""sif installs as a new community would install it: from the wheel, by its distribution name.

The test builds the wheel from the source (no build isolation: no network),
installs it into a fresh virtualenv with the very requirement `sif init` writes
into requirements.txt (`--no-index`: only the wheel folder is looked in), and
runs the installed `sif init` and `sif check` in a temporary folder. The fresh
virtualenv takes sif's dependencies from the test environment's site-packages
through a `.pth` file, which adds that folder to `sys.path` after the fresh
one's own: the `sif` package itself comes from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from sif import DISTRIBUTION, __version__
from tests.conftest import REPO_ROOT, run_cli

INIT = (
    "--name", "Riverside Time Bank", "--code", "HOUR", "--value", "20", "--vat", "21",
    "--operator-id", "riverside", "--vat-number", "BE0999000030", "--street", "Quay 1",
    "--postcode", "9000", "--city", "Gent", "--start", "2026-01-01",
)  # fmt: skip


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SIF_ROOT")
    }
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": ""},
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def _wheel(tmp_path: Path) -> Path:
    """Build sif's wheel from a copy of its sources (the checkout stays clean)."""
    source = tmp_path / "source"
    shutil.copytree(
        REPO_ROOT / "scripts" / "sif",
        source / "scripts" / "sif",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--no-index", "--wheel-dir", wheels, source, cwd=tmp_path,
    )  # fmt: skip
    return wheels


def test_the_wheel_installs_by_the_requirement_sif_init_writes(tmp_path: Path) -> None:
    wheels = _wheel(tmp_path)
    assert [p.name for p in wheels.iterdir()] == [
        f"{DISTRIBUTION.replace('-', '_')}-{__version__}-py3-none-any.whl"
    ]
    made = run_cli(tmp_path, "init", str(tmp_path / "first"), *INIT)
    assert made.exit_code == 0, made.output
    requirements = tmp_path / "first" / "requirements.txt"
    pins = [
        line
        for line in requirements.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert pins == [f"sif-books=={__version__}"]

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index",
        "--no-deps", "--find-links", wheels, "--requirement", requirements, cwd=tmp_path,
    )  # fmt: skip
    purelib = Path(
        sysconfig.get_path("purelib", vars={"base": str(fresh), "platbase": str(fresh)})
    )
    (purelib / "test-environment.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    where = _run(python, "-c", "import sif; print(sif.__file__)", cwd=tmp_path).stdout
    assert Path(where.strip()).is_relative_to(purelib), where

    sif = fresh / "bin" / "sif"
    assert _run(sif, "--version", cwd=tmp_path).stdout.strip() == f"sif, version {__version__}"
    _run(sif, "init", tmp_path / "second", *INIT, cwd=tmp_path)
    checked = _run(sif, "check", cwd=tmp_path / "second")
    assert "The books are in order: 1 member, 0 concepts, 1 service, 0 trades." in checked.stdout
