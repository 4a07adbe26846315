"""Built-in plugin adding ``normcheck serve`` (FastAPI and uvicorn are imported only when it runs)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    import click


@hookimpl
def register_commands(cli: click.Group) -> None:
    import click

    if "serve" in cli.commands:
        return

    @cli.command()
    @click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
    @click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
    @click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file with a [tool.normcheck.service] table.")
    @click.option("--log-level", default="info", show_default=True, type=click.Choice(["critical", "error", "warning", "info", "debug"]))
    def serve(host: str, port: int, workers: int, config_path: str | None, log_level: str) -> None:
        """Run the HTTP service (JSON API, OpenAPI docs at /docs, a review page at /).

        API keys come from the configuration or NORMCHECK_API_KEYS (comma-separated).
        """
        try:
            import uvicorn

            from normcheck.service.app import create_app
        except ImportError as exc:  # pragma: no cover - the default install has them
            raise click.ClickException(f"the service needs FastAPI and uvicorn ({exc}); pip install normcheck") from None
        from normcheck import api
        from normcheck.service.settings import from_config

        config = api.make_config(config_path, near=Path.cwd())
        settings = from_config(config)  # checked here so a bad setting stops before the server starts
        if host not in ("127.0.0.1", "localhost", "::1") and not settings.auth_enabled:
            click.echo(f"normcheck: warning: listening on {host} without API keys; anyone who can reach it can use it", err=True)
        if workers == 1:
            uvicorn.run(create_app(config, settings), host=host, port=port, log_level=log_level,
                        proxy_headers=False, server_header=False, timeout_graceful_shutdown=10)
            return
        if config_path:
            os.environ["NORMCHECK_CONFIG"] = str(Path(config_path).resolve())
        uvicorn.run("normcheck.service.app:create_app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level, proxy_headers=False, server_header=False, timeout_graceful_shutdown=10)
