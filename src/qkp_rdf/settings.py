"""The frozen settings object every entry point passes in explicitly (no global state)."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import DEFAULT_BASE


@dataclass(frozen=True, kw_only=True)
class Settings:
    base: str = DEFAULT_BASE  # checked when the Minter is made from it
    #: Reproducible-builds timestamp (seconds since the epoch) for prov:generatedAtTime;
    #: None derives the time from the input instead (see :func:`qkp_rdf.build.generated_at`).
    source_date_epoch: int | None = None
