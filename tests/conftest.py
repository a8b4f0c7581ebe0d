from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def all_rules():
    from reportlint.ruleset.loader import load_rulesets

    return load_rulesets(["core", "zh", "en"])


@pytest.fixture(scope="session")
def _session_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("rule-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(monkeypatch, _session_cache_dir):
    """The CLI caches rule sets per user; tests keep theirs out of the real home folder."""
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(_session_cache_dir))
    monkeypatch.delenv("REPORTLINT_NO_CACHE", raising=False)


@pytest.fixture(autouse=True)
def _no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
