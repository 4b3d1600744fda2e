"""referat: information extraction from Danish municipal meeting minutes.

The call a user makes first:

    from referat import extract
    minutes = extract("minutes.pdf")
    minutes.to_dict()
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from referat.schema import Minutes


def extract(source: Any, model: str | None = None, **kwargs: Any) -> "Minutes":
    """Extract one document (path, pathlib.Path or a str of text) to a Minutes object."""
    from referat.extract.extractor import extract as _extract

    return _extract(source, model=model, **kwargs)


__all__ = ["extract", "__version__"]
