"""referat: information extraction from Danish municipal meeting minutes.

The call a user makes first:

    from referat import extract
    minutes = extract("minutes.pdf")
    minutes.to_dict()

and the pipeline behind it, as `spacy.load` and `dacy.load` give theirs:

    import referat
    nlp = referat.load()        # the shipped default; or a folder, an installed package, "rules"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from referat.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from referat.schema import Minutes


def extract(source: Any, model: str | None = None, **kwargs: Any) -> "Minutes":
    """Extract one document (path, pathlib.Path or a str of text) to a Minutes object."""
    from referat.extract.extractor import extract as _extract

    return _extract(source, model=model, **kwargs)


def load(model: Any = None) -> Any:
    """The spaCy pipeline `extract()` runs (see `referat.pipeline.load`)."""
    from referat.pipeline import load as _load  # loads spaCy without torch where it can (lean path)

    return _load(model)


__all__ = ["extract", "load", "__version__"]
