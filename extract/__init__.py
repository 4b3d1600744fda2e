"""Extraction for users: extract(), batch runs, Dask, HTML rendering.

Importing any `referat.extract.*` module makes Python set the attribute
`referat.extract` to this subpackage, replacing the function of the same name
that `referat/__init__.py` defines. So that `referat.extract(...)` and
`from referat import extract; extract(...)` keep working whatever was imported
before, this module object is itself callable and does what the function does.
"""
from __future__ import annotations

import sys
import types
from typing import Any

from referat.extract.extractor import extract


class _CallableModule(types.ModuleType):
    def __call__(self, source: Any, model: Any = None, **kwargs: Any) -> Any:
        """extract(source, model=None, *, nlp=None, include_text=False) -> referat.schema.Minutes"""
        return extract(source, model=model, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
