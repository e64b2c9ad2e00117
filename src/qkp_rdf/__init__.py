"""qkp-rdf: encyclopedia articles about political parties, published as linked data."""

__version__ = "0.1.0"
