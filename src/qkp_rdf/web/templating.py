"""The one Jinja2 environment the pages are rendered with: templates shipped in the package
(``web/templates``), every value escaped unless it is marked safe, an undefined name an error."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    # Autoescape for every template, SVG and HTML alike: a label holding "<script>" is text.
    return Environment(
        loader=PackageLoader("qkp_rdf.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context: Any) -> str:
    """A template rendered with the context."""
    return environment().get_template(name).render(**context)
