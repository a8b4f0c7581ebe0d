"""The built wheel carries the rule sets: `reportlint rules` works from a non-editable install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_finds_builtin_rules(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed: {build.stderr[-2000:]}")
    (wheel,) = dist.glob("reportlint-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("reportlint/_rules/core/") and n.endswith(".yml") for n in names)

    env_dir = tmp_path / "venv"
    bindir, py = _venv_seeing_this_run(env_dir)
    inst = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert inst.returncode == 0, inst.stderr[-2000:]
    where = subprocess.run([str(py), "-c", "import reportlint; print(reportlint.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, timeout=60)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    out = subprocess.run([str(bindir / "reportlint"), "rules", "--format", "json"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    codes = {r["code"] for r in json.loads(out.stdout)}
    assert {"TX001", "TX002", "E001"} <= codes
    (tmp_path / "a.md").write_text("the the end\n", encoding="utf-8")
    chk = subprocess.run([str(bindir / "reportlint"), "check", "a.md", "--fail-on", "warning"], capture_output=True,
                         text=True, cwd=tmp_path, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert chk.returncode == 1 and "TX001" in chk.stdout


def _venv_seeing_this_run(env_dir: Path) -> tuple[Path, Path]:
    """A new venv whose own site-packages comes first, then this run's (the test's dependencies).

    Built from `sys.executable`, not the base interpreter's site-packages: inside a virtualenv
    the dependencies live in the virtualenv, which `system_site_packages` would not see. The
    paths are listed in a .pth file, so the .pth files found there (an editable install of this
    checkout) are not processed: `reportlint` is imported from the wheel.
    """
    import site
    import sysconfig

    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    ours = [p for p in dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]]) if Path(p).is_dir()]
    (Path(purelib) / "_reportlint_test_deps.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return bindir, py


def test_editable_install_finds_checkout_rules():
    from reportlint.ruleset.loader import builtin_rules_dir

    d = builtin_rules_dir()
    assert (d / "core").is_dir() and any((d / "core").glob("*.yml"))
