"""Built-in language detection plugin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from normcheck.hookspecs import hookimpl
from normcheck.lang import detect

if TYPE_CHECKING:
    from normcheck.config import Config


@hookimpl(trylast=True)
def detect_language(text: str, config: Config) -> str | None:
    return detect(text)
