"""The frozen settings object every entry point passes in explicitly (no global state)."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import DEFAULT_BASE, DEFAULT_DATASET, dataset_slug


@dataclass(frozen=True, kw_only=True)
class Settings:
    base: str = DEFAULT_BASE  # checked when the Minter is made from it
    #: Reproducible-builds timestamp (seconds since the epoch) for prov:generatedAtTime;
    #: None derives the time from the input instead (see :func:`qkp_rdf.build.generated_at`).
    source_date_epoch: int | None = None
    #: The dataset's name, whose slug gives its IRI ``<base>id/dataset/<slug>``, which ``load``
    #: uses as the named graph: one name per corpus in a store. It does not depend on the
    #: articles, so a corpus keeps its graph as articles are added.
    dataset: str = DEFAULT_DATASET
    #: The SHACL engine that validates the build (see :mod:`qkp_rdf.shacl.engines`).
    engine: str = "pyshacl"

    def __post_init__(self) -> None:
        dataset_slug(self.dataset)  # a name with nothing to slug is a usage error here, not at mapping time
