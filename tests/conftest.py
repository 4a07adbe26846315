"""Test isolation: built-in plugins only (no installed entry points), a fresh plugin manager."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tempfile

os.environ["NORMCHECK_DISABLE_ENTRY_POINTS"] = "1"
os.environ.setdefault("NO_COLOR", "1")
# A fresh cache per test session: the suite exercises cache misses as well as hits and never
# depends on (or pollutes) the user's ~/.cache/normcheck.
os.environ.setdefault("NORMCHECK_CACHE_DIR", tempfile.mkdtemp(prefix="normcheck-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture
def pm():
    """The plugin manager; plugins registered through it are removed after the test."""
    from normcheck import plugins

    manager = plugins.get_plugin_manager()
    before = {name for name, _ in manager.list_name_plugin()}
    yield manager
    for name, plugin in list(manager.list_name_plugin()):
        if name not in before and plugin is not None:
            manager.unregister(plugin)
    from normcheck import api

    api.clear_caches()


@pytest.fixture
def corpus_path():
    def get(lang: str) -> Path:
        path = CORPUS / f"{lang}.jsonl"
        if not path.exists():
            pytest.skip(f"shared corpus not found at {path}")
        return path

    return get
