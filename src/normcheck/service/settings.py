"""Service settings: ``[tool.normcheck.service]`` in the configuration file, plus the environment.

Every key is optional::

    [tool.normcheck.service]
    api-keys = ["…"]                 # Bearer keys; NORMCHECK_API_KEYS (comma-separated) adds more
    cors-origins = ["https://plattform.example.se"]
    max-body-bytes = 10485760        # larger request bodies get 413
    max-text-chars = 200000          # longer texts (pasted or extracted) get 413
    time-limit = 30                  # seconds per scan request, queueing included; then 504
    max-concurrency = 4              # scans running at once
    max-queue = 64                   # scans waiting for a slot; beyond that 503
    read-timeout = 30                # seconds to wait for each chunk of a request body; then 408
    url-scanning = false             # allow {"url": …} in POST /v1/scan
    url-max-bytes = 5242880
    url-timeout = 10                 # seconds for the whole fetch, redirects included
    url-max-redirects = 5
    url-allow-networks = []          # CIDRs a URL may resolve to although they are not public
    docs = true                      # serve /docs and /redoc (the OpenAPI description is always served)

This module imports nothing heavy: the ``serve`` command reads it before FastAPI is loaded.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, fields, replace
from typing import Any

from normcheck.errors import ConfigError

API_KEYS_ENV = "NORMCHECK_API_KEYS"


@dataclass(frozen=True)
class ServiceSettings:
    api_keys: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 10 * 1024 * 1024
    max_text_chars: int = 200_000
    time_limit: float = 30.0
    max_concurrency: int = 4
    max_queue: int = 64
    read_timeout: float = 30.0
    url_scanning: bool = False
    url_max_bytes: int = 5 * 1024 * 1024
    url_timeout: float = 10.0
    url_max_redirects: int = 5
    url_allow_networks: tuple[str, ...] = ()
    docs: bool = True

    def with_options(self, **changes: Any) -> ServiceSettings:
        """A copy with ``changes`` applied and checked (``None`` values are ignored)."""
        cfg = replace(self, **{k: v for k, v in changes.items() if v is not None})
        cfg.validate("service settings")
        return cfg

    def validate(self, where: str) -> None:
        positive = ("max_body_bytes", "max_text_chars", "time_limit", "max_concurrency", "read_timeout",
                    "url_max_bytes", "url_timeout")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ConfigError(f"service setting {name.replace('_', '-')} must be greater than 0", source=where)
        for name in ("max_queue", "url_max_redirects"):
            if getattr(self, name) < 0:
                raise ConfigError(f"service setting {name.replace('_', '-')} must not be negative", source=where)
        for net in self.url_allow_networks:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ConfigError(f"url-allow-networks: {net!r} is not a network (CIDR)", source=where) from None
        if any(not k for k in self.api_keys):
            raise ConfigError("api-keys must not contain an empty key", source=where)

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_keys)


_TYPES = {f.name: f.type for f in fields(ServiceSettings)}


def _convert(name: str, value: Any, where: str) -> Any:
    kind = _TYPES[name]
    key = name.replace("_", "-")
    if kind == "tuple[str, ...]":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"service setting {key} must be a list of strings", source=where)
        return tuple(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"service setting {key} must be true or false", source=where)
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"service setting {key} must be a whole number", source=where)
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"service setting {key} must be a number", source=where)
        return float(value)
    raise ConfigError(f"unknown service setting {key}", source=where)  # pragma: no cover


def keys_from_env(environ: dict[str, str] | None = None) -> tuple[str, ...]:
    raw = (environ if environ is not None else os.environ).get(API_KEYS_ENV, "")
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def from_mapping(data: dict[str, Any], where: str = "[tool.normcheck.service]",
                 environ: dict[str, str] | None = None) -> ServiceSettings:
    """Settings from the ``service`` table of the configuration and ``NORMCHECK_API_KEYS``."""
    if not isinstance(data, dict):
        raise ConfigError("the service settings must be a table", source=where)
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).replace("-", "_")
        if name not in _TYPES:
            raise ConfigError(f"unknown service setting {key!r}", source=where)
        values[name] = _convert(name, value, where)
    env_keys = keys_from_env(environ)
    if env_keys:
        values["api_keys"] = tuple(dict.fromkeys((*values.get("api_keys", ()), *env_keys)))
    settings = ServiceSettings(**values)
    settings.validate(where)
    return settings


def from_config(config: Any, environ: dict[str, str] | None = None) -> ServiceSettings:
    """Settings from a :class:`normcheck.config.Config` (its ``service`` plugin table)."""
    table = dict(getattr(config, "plugins", {}).get("service", {}) or {})
    path = getattr(config, "path", None)
    where = f"{path} [tool.normcheck.service]" if path else "[tool.normcheck.service]"
    return from_mapping(table, where, environ)
