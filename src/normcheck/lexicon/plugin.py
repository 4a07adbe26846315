"""Built-in lexicons plugin: registers the lexicons shipped in the package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from normcheck.hookspecs import hookimpl
from normcheck.lexicon import builtin_lexicon_dir

if TYPE_CHECKING:
    from normcheck.config import Config


@hookimpl
def register_lexicon_dirs(config: Config) -> list[Path]:
    return [builtin_lexicon_dir()]
