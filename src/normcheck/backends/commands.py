"""``normcheck models``: what each language backend finds, and how to install what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from normcheck.hookspecs import hookimpl


def statuses(config: Any) -> list[dict[str, Any]]:
    from normcheck.backends import get_backends

    out = []
    for name, backend in sorted(get_backends().items(), key=lambda kv: (kv[0] != "default", kv[0])):
        status = backend.status(config).to_dict()
        status["description"] = getattr(backend, "description", "")
        status["capabilities"] = sorted(getattr(backend, "capabilities", ()))
        out.append(status)
    return out


@hookimpl
def register_commands(cli: click.Group) -> None:
    if "models" in cli.commands:
        return

    @cli.command(name="models")
    @click.option("--spacy-model", multiple=True, help="Also check this spaCy pipeline (package name or directory).")
    @click.option("--stanza-dir", type=click.Path(file_okay=False), help="stanza resources directory (default: $STANZA_RESOURCES_DIR).")
    @click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    def models(spacy_model: tuple[str, ...], stanza_dir: str | None, config_path: str | None, as_json: bool) -> None:
        """List the language backends, the models each finds, and the commands for what is missing."""
        import json

        from normcheck import api

        config = api.make_config(config_path, near=Path.cwd(), spacy_model=spacy_model or None, stanza_dir=stanza_dir)
        found = statuses(config)
        if as_json:
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
            return
        for s in found:
            state = "ready" if s["installed"] and any(m["found"] for m in s["models"]) else (
                "installed, no model" if s["installed"] else "not installed"
            )
            click.echo(f"{s['name']:<10} {state:<20} adds: {', '.join(s['capabilities'])}  ({s['description']})")
            for m in s["models"]:
                mark = "found  " if m["found"] else "missing"
                where = f" at {m['location']}" if m["location"] else ""
                caps = f" [{', '.join(m['capabilities'])}]" if m["capabilities"] else ""
                detail = f" — {m['detail']}" if m["detail"] else ""
                click.echo(f"  {mark} {m['name']} ({m['lang'] or '?'}){where}{caps}{detail}")
            for note in s["notes"]:
                click.echo(f"  note: {note}")
            for cmd in s["install"]:
                click.echo(f"  install: {cmd}")
