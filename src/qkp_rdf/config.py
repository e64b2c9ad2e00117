"""A build's settings, and every default the command line shows in its help.

:class:`Config` is the frozen object a build takes (the command line makes it from its options
and ``SOURCE_DATE_EPOCH``) and passes in explicitly. The defaults live here, and the parts that
use them (the minter, the engines, the remote client, reconciliation) import them from here:
this module imports nothing heavy, so that ``qkp-rdf --help`` answers without the library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import UsageError
from .iris import base_iri, dataset_slug

#: The base of minted resource IRIs (``build --base``).
DEFAULT_BASE = "https://w3id.org/qkp/"
#: The dataset's name when none is given (``build --dataset``): fixed, not derived from the
#: articles, so that rebuilding a growing corpus replaces the same named graph in a store
#: instead of leaving the old one behind; the project's name, as the published files are.
DEFAULT_DATASET = "qkp"
#: The SHACL engine that validates builds, and every engine's name (see :mod:`qkp_rdf.shacl.engines`).
DEFAULT_ENGINE = "shacl"
ENGINE_NAMES = ("pyshacl", "shacl")
#: Where ``build`` publishes, and the published graph that query, load and reconcile read.
DEFAULT_OUT = "output"
DEFAULT_DATA = os.path.join(DEFAULT_OUT, "qkp.nt")
#: Where `site` writes the static site.
DEFAULT_SITE = "site"
#: Triples per ``load`` request; each request body is N-Triples, about 150 bytes a triple for our data.
DEFAULT_CHUNK = 50_000
#: Where ``reconcile`` keeps its cache of Wikidata answers unless told otherwise; ``build --links``
#: reads it only when given. (Its threshold is part of its scoring, :mod:`qkp_rdf.reconcile.scoring`.)
DEFAULT_CACHE = "reconcile-cache.json"
#: The endpoint ``reconcile`` asks, and the score a candidate needs to match (:mod:`qkp_rdf.reconcile.scoring`).
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_THRESHOLD = 50
#: The environment variable that holds ``USER:PASSWORD`` when ``--auth`` is not given.
AUTH_ENV = "QKP_RDF_AUTH"
#: How often a request to a server is tried after a transient failure (:class:`qkp_rdf.remote.Retry`).
ATTEMPTS = 6


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
        base_iri(self.base)
        dataset_slug(self.dataset)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ, **settings: str) -> Config:
        """A config with ``SOURCE_DATE_EPOCH`` read from the environment (the reproducible-builds convention)."""
        epoch = environ.get("SOURCE_DATE_EPOCH")
        if epoch is not None and not epoch.strip().isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
        return cls(source_date_epoch=int(epoch) if epoch is not None else None, **settings)
