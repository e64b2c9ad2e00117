"""A build's settings, and the command line's default files and sizes.

:class:`Config` is the frozen object a build takes (the command line makes it from its options
and ``SOURCE_DATE_EPOCH``) and passes in explicitly. Defaults that belong to one part stay with
it: the IRI defaults with the minter (:mod:`qkp_rdf.ids`), the reconcile threshold with its
scoring, retries, the User-Agent and ``QKP_RDF_AUTH`` (which
:func:`~qkp_rdf.remote.credentials` reads from the environment) with :mod:`qkp_rdf.remote`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import UsageError
from .ids import DEFAULT_BASE, DEFAULT_DATASET, Minter

#: The SHACL engine that validates builds (see :mod:`qkp_rdf.shacl.engines`).
DEFAULT_ENGINE = "shacl"
#: Where ``build`` publishes, and the published graph that query, load and reconcile read.
DEFAULT_OUT = "output"
DEFAULT_DATA = os.path.join(DEFAULT_OUT, "qkp.nt")
#: Triples per ``load`` request; each request body is N-Triples, about 150 bytes a triple for our data.
DEFAULT_CHUNK = 50_000
#: Where ``reconcile`` keeps its cache of Wikidata answers unless told otherwise; ``build --links``
#: reads it only when given. (Its threshold is part of its scoring, :mod:`qkp_rdf.reconcile.scoring`.)
DEFAULT_CACHE = "reconcile-cache.json"


@dataclass(frozen=True, kw_only=True)
class Config:
    """What a build needs to know besides its input files."""

    base: str = DEFAULT_BASE
    #: The dataset's name, whose slug gives its IRI ``<base>id/dataset/<slug>``, which ``load``
    #: uses as the named graph: one name per corpus in a store. It does not depend on the
    #: articles, so a corpus keeps its graph as articles are added.
    dataset: str = DEFAULT_DATASET
    #: Reproducible-builds timestamp (seconds since the epoch) for prov:generatedAtTime;
    #: None derives the time from the input instead (see :func:`qkp_rdf.pipeline.generated_at`).
    source_date_epoch: int | None = None
    engine: str = DEFAULT_ENGINE

    def __post_init__(self) -> None:
        # A bad base or a name with nothing to slug is a usage error now, not after the articles are read.
        Minter(self.base).dataset(self.dataset)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ, **settings: str) -> Config:
        """A config with ``SOURCE_DATE_EPOCH`` read from the environment (the reproducible-builds convention)."""
        epoch = environ.get("SOURCE_DATE_EPOCH")
        if epoch is not None and not epoch.strip().isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
        return cls(source_date_epoch=int(epoch) if epoch is not None else None, **settings)
