"""The HTTP service (ASGI): ``normcheck serve``.

No logic beyond validating requests and rendering: every scan goes through
:mod:`normcheck.api` exactly as the command line does, and every output format is a
registered reporter. FastAPI is imported only when the service is built, so importing
this package (as the plugin manager does for the ``serve`` command) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.service.settings import ServiceSettings


def create_app(config: Config | None = None, settings: ServiceSettings | None = None) -> Any:
    """The ASGI application; see :func:`normcheck.service.app.create_app`."""
    from normcheck.service.app import create_app as _create_app

    return _create_app(config, settings)


__all__ = ["create_app"]
