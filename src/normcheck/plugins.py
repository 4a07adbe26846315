"""The plugin manager: built-ins are registered exactly like third-party plugins.

Third-party plugins are found through the ``normcheck`` entry-point group. Environment:

- ``NORMCHECK_DISABLE_ENTRY_POINTS=1`` loads built-ins only (the test suite sets it).
- ``NORMCHECK_LOAD_PLUGINS=a,b`` loads only the named entry points.
- ``NORMCHECK_TRACE_PLUGINS=1`` prints every hook call to stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from importlib import metadata
from typing import Any

import pluggy

from normcheck import hookspecs
from normcheck.errors import PluginError

DEFAULT_PLUGINS: tuple[str, ...] = (
    "normcheck.lang.plugin",
    "normcheck.backends.default",
    "normcheck.backends.spacy_backend",
    "normcheck.backends.stanza_backend",
    "normcheck.backends.commands",
    "normcheck.lexicon.plugin",
    "normcheck.checks.lexicon",
    "normcheck.checks.gender_decoder",
    "normcheck.suppression",
    "normcheck.readers.text",
    "normcheck.readers.jsonl",
    "normcheck.readers.csv",
    "normcheck.corpus_commands",
    "normcheck.readers.docx",
    "normcheck.readers.html",
    "normcheck.readers.pdf",
    "normcheck.readers.odt",
    "normcheck.readers.rtf",
    "normcheck.readers.url",
    "normcheck.reporters.text",
    "normcheck.reporters.json",
    "normcheck.reporters.sarif",
    "normcheck.reporters.html",
    "normcheck.reporters.markdown",
    "normcheck.reporters.docx",
    "normcheck.service.plugin",
)

_pm: pluggy.PluginManager | None = None


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("normcheck")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        module = importlib.import_module(name)
        pm.register(module, name=name)
    if os.environ.get("NORMCHECK_DISABLE_ENTRY_POINTS") not in ("1", "true", "yes"):
        wanted = os.environ.get("NORMCHECK_LOAD_PLUGINS")
        selected = {w.strip() for w in wanted.split(",") if w.strip()} if wanted is not None else None
        for ep in metadata.entry_points(group="normcheck"):
            if selected is not None and ep.name not in selected:
                continue
            if pm.get_plugin(ep.name) is not None:
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not take the tool down
                raise PluginError(f"plugin could not be loaded: {exc}", source=ep.name) from None
            pm.register(plugin, name=ep.name)
    if os.environ.get("NORMCHECK_TRACE_PLUGINS"):
        pm.trace.root.setwriter(lambda msg: sys.stderr.write(msg))
        pm.enable_tracing()
    return pm


def get_plugin_manager() -> pluggy.PluginManager:
    global _pm
    if _pm is None:
        _pm = _new_manager()
    return _pm


def reset() -> None:
    """Forget the plugin manager (tests and long-lived services that change plugins)."""
    global _pm
    _pm = None
    from normcheck import api

    api.clear_caches()


def get_plugins() -> list[dict[str, Any]]:
    """Every registered plugin with the hooks it implements and, for entry points, its version."""
    pm = get_plugin_manager()
    dists = {}
    for dist, _mod in pm.list_plugin_distinfo():
        dists[id(_mod)] = dist
    out = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        dist = dists.get(id(plugin))
        out.append(
            {
                "name": name,
                "hooks": hooks,
                "builtin": name in DEFAULT_PLUGINS,
                "version": getattr(dist, "version", None) if dist else None,
            }
        )
    return out
