"""Configuration: ``[tool.normcheck]`` in pyproject.toml or a ``.normcheck.toml``.

The file is found upward from the first input (or given with ``--config``). Keys::

    lang = "sv"                       # force a language (default: detect per segment)
    profile = "default"               # or "gender-decoder"
    fail-on = "warning"               # never | suggestion | warning | error
    enable = ["sv.", "en."]           # rule-id prefixes to run (default: all)
    disable = ["en.gender-coded."]    # rule-id prefixes to skip
    allow = ["Lead Developer"]        # phrases never flagged (case-insensitive)
    lexicon-dirs = ["lexicons"]       # extra lexicon directories, relative to the file
    backend = "default"               # language backend: default | spacy | stanza (docs/backends.md)
    spacy-model = "sv_core_news_sm"   # spaCy pipelines by name or path (a string or a list)
    stanza-dir = "stanza_resources"   # stanza resources directory (else $STANZA_RESOURCES_DIR)
    [tool.normcheck.severity]         # severity overrides by rule-id prefix
    "sv.generic-pronoun." = "error"

Tables other than ``severity`` belong to plugins and are kept in ``Config.plugins``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from normcheck.errors import ConfigError
from normcheck.model import SEVERITIES

FAIL_ON = ("never", "suggestion", "warning", "error")
_KNOWN = {
    "lang", "profile", "fail-on", "enable", "disable", "allow", "lexicon-dirs", "severity",
    "backend", "spacy-model", "stanza-dir",
}


@dataclass(frozen=True)
class Config:
    lang: str | None = None
    profile: str = "default"
    fail_on: str = "warning"
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    lexicon_dirs: tuple[Path, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    plugins: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    backend: str = "default"
    spacy_model: tuple[str, ...] = ()
    stanza_dir: Path | None = None

    def rule_enabled(self, rule_id: str) -> bool:
        if self.enable and not rule_id.startswith(self.enable):
            return False
        return not (self.disable and rule_id.startswith(self.disable))

    def severity_for(self, rule_id: str, default: str) -> str:
        best, best_len = default, -1
        for prefix, level in self.severity.items():
            if rule_id.startswith(prefix) and len(prefix) > best_len:
                best, best_len = level, len(prefix)
        return best

    def with_options(self, **options: Any) -> Config:
        """A copy with command-line or API options applied (``None`` values are ignored)."""
        changes = {k: v for k, v in options.items() if v is not None}
        for key in ("enable", "disable", "allow"):
            if key in changes:
                changes[key] = tuple(changes[key])
        if isinstance(changes.get("spacy_model"), str):
            changes["spacy_model"] = (changes["spacy_model"],)
        elif "spacy_model" in changes:
            changes["spacy_model"] = tuple(changes["spacy_model"])
        if "stanza_dir" in changes:
            changes["stanza_dir"] = Path(changes["stanza_dir"])
        if "lexicon_dirs" in changes:
            changes["lexicon_dirs"] = self.lexicon_dirs + tuple(Path(p) for p in changes["lexicon_dirs"])
        if "severity" in changes:
            changes["severity"] = {**self.severity, **changes["severity"]}
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"unknown option(s): {', '.join(sorted(unknown))}")
        cfg = replace(self, **changes)
        cfg.validate(str(self.path or "options"))
        return cfg

    def validate(self, where: str) -> None:
        if self.fail_on not in FAIL_ON:
            raise ConfigError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}", source=where)
        if self.lang is not None and self.lang not in ("sv", "en"):
            raise ConfigError(f"lang must be 'sv' or 'en', not {self.lang!r}", source=where)
        if not isinstance(self.backend, str) or not self.backend:
            raise ConfigError("backend must be a name such as 'default', 'spacy' or 'stanza'", source=where)
        for prefix, level in self.severity.items():
            if level not in SEVERITIES:
                raise ConfigError(f"severity for {prefix!r} must be one of {', '.join(SEVERITIES)}", source=where)


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings", source=where)
    return tuple(value)


def from_mapping(data: dict[str, Any], path: Path | None) -> Config:
    where = str(path) if path else "config"
    unknown = {k for k, v in data.items() if k not in _KNOWN and not isinstance(v, dict)}
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.normcheck]: {', '.join(sorted(unknown))}", source=where)
    base = path.parent if path else Path.cwd()
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError("'severity' must be a table of rule-id prefix = level", source=where)
    cfg = Config(
        lang=data.get("lang"),
        profile=str(data.get("profile", "default")),
        fail_on=str(data.get("fail-on", "warning")),
        enable=_strings(data.get("enable", []), "enable", where),
        disable=_strings(data.get("disable", []), "disable", where),
        allow=_strings(data.get("allow", []), "allow", where),
        lexicon_dirs=tuple(base / p for p in _strings(data.get("lexicon-dirs", []), "lexicon-dirs", where)),
        severity={str(k): str(v) for k, v in severity.items()},
        plugins={k: v for k, v in data.items() if k not in _KNOWN and isinstance(v, dict)},
        path=path,
        backend=str(data.get("backend", "default")),
        # A model given as a path is relative to the file; a bare name is a package name.
        spacy_model=tuple(
            str(base / m) if ("/" in m or m.startswith(".")) else m
            for m in _strings(data.get("spacy-model", []), "spacy-model", where)
        ),
        stanza_dir=base / str(data["stanza-dir"]) if data.get("stanza-dir") else None,
    )
    cfg.validate(where)
    return cfg


def load_file(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror})", source=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML ({exc})", source=str(path)) from None
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("normcheck", {})
    elif "tool" in raw and "normcheck" in raw.get("tool", {}):
        raw = raw["tool"]["normcheck"]
    return from_mapping(raw, path)


def find_config(start: Path) -> Path | None:
    """The nearest .normcheck.toml, or pyproject.toml with [tool.normcheck], upward from start."""
    here = start if start.is_dir() else start.parent
    try:
        here = here.resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        candidate = folder / ".normcheck.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "normcheck" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                    return pyproject
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                return pyproject  # report the broken file rather than skipping it silently
    return None


def load(config_path: str | Path | None = None, near: str | Path | None = None) -> Config:
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError("config file does not exist", source=str(path))
        return load_file(path)
    if near is not None:
        found = find_config(Path(near))
        if found is not None:
            return load_file(found)
    return Config()
