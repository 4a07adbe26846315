"""Built-in plugin for the ``gender-decoder`` profile (that tool's exact lists and scoring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config

PROFILE = "gender-decoder"


@hookimpl
def register_profiles() -> list[str]:
    return [PROFILE]


@hookimpl
def register_checks(config: Config) -> list[object]:
    if config.profile != PROFILE:
        return []
    from normcheck.profiles.gender_decoder import GenderDecoderCheck

    return [GenderDecoderCheck()]
