"""`referat.load()`: the spaCy pipeline that extraction, evaluation and pre-annotation run.

    load()                      # the shipped default (referat/pipeline/default), else rules only
    load("path/to/model-best")  # a pipeline directory
    load("da_referat_cnn")      # an installed pipeline package
    load("rules")               # the rules alone (entity rules, normaliser, decision rules)

Loaded once per process and cached.

A model that cannot be loaded raises `referat.errors.ModelError` naming it and
saying what to do; nothing else escapes.
"""
from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any, Iterator, Union

from referat.errors import ModelError
from referat.version import __version__

ModelRef = Union[str, Path, None]

#: Where `referat package` puts the trained default pipeline.
DEFAULT_PIPELINE = Path(__file__).resolve().parent / "default"

#: Components that classify the decision text, not entities (the decision component runs them itself).
TEXTCAT_COMPONENTS = ("textcat", "textcat_multilabel")

_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()
#: How many pipelines this process has loaded (the Dask test checks one per worker).
load_count = 0


def _default_dir() -> Path | None:
    if (DEFAULT_PIPELINE / "config.cfg").exists() and (DEFAULT_PIPELINE / "meta.json").exists():
        return DEFAULT_PIPELINE
    return None


def _key(model: ModelRef) -> str:
    if model is None:
        return "<default>"
    path = Path(model).expanduser()
    return str(path.resolve()) if path.exists() else str(model)


def load(model: ModelRef = None) -> Any:
    """The spaCy Language for `model` (see module doc), cached per process."""
    global load_count
    key = _key(model)
    with _LOCK:
        nlp = _CACHE.get(key)
        if nlp is None:
            nlp = _load(model)
            _CACHE[key] = nlp
            load_count += 1
        return nlp


# ------------------------------------------------------------------ lean imports
#
# With spacy-transformers installed (the `trf` extra), `import spacy` imports torch
# (thinc looks for it) and every new Language imports spacy-transformers and
# transformers through spaCy's entry points: about 430 MB of RSS before any text is
# read, in every process and worker. A pipeline that has no transformer needs none
# of it, so when spaCy is not imported yet and the pipeline's config names no
# transformer, spaCy is imported with torch/transformers blocked and entry-point
# factories skipped (referat's own components are imported directly). Set
# REFERAT_LEAN_IMPORTS=0 to turn this off.

LEAN_ENV = "REFERAT_LEAN_IMPORTS"
_HEAVY = frozenset({"torch", "transformers", "spacy_transformers", "curated_transformers", "tensorflow", "mxnet", "cupy"})
_NEEDS_TORCH = re.compile(r"spacy[-_]transformers|curated[-_]transformers|PyTorch|TorchWrapper|HFShim", re.I)
lean = False  # whether this process imported spaCy without torch


class _BlockHeavy(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name.split(".", 1)[0] in _HEAVY:
            raise ImportError(f"{name} not imported: referat loads spaCy without it (set {LEAN_ENV}=0 to allow)")
        return None


def _needs_torch(model: ModelRef) -> bool:
    if model is None:
        default = _default_dir()
        if default is None:
            return False
        config = default / "config.cfg"
    elif isinstance(model, str) and model in {"rules", "rules-only", "rules_only"}:
        return False
    else:
        path = Path(model).expanduser()
        if path.exists() and not path.is_dir():
            return False  # not a pipeline: loading says so
        if not path.exists():
            # an installed package: unknown, keep everything; a path that is not there: loading says so
            return importlib.util.find_spec(str(model).replace("-", "_")) is not None if _is_name(model) else False
        config = path / "config.cfg"
    try:
        return bool(_NEEDS_TORCH.search(config.read_text(encoding="utf-8")))
    except OSError:
        return False  # no config.cfg: loading says it is not a pipeline


def _is_name(model: ModelRef) -> bool:
    """A package name rather than a path."""
    text = str(model)
    return not isinstance(model, Path) and not any(sep in text for sep in ("/", "\\")) and not text.startswith(".")


@contextlib.contextmanager
def _lean_imports(model: ModelRef) -> Iterator[None]:
    global lean
    off = os.environ.get(LEAN_ENV, "1").strip().lower() in ("0", "false", "no", "off")
    if off or _needs_torch(model) or (not lean and ("spacy" in sys.modules or "thinc" in sys.modules)):
        yield
        return
    blocker = _BlockHeavy()
    sys.meta_path.insert(0, blocker)
    registry = None
    try:
        import spacy.util

        registry = spacy.util.registry._entry_point_factories
        registry.entry_points = False
        lean = True
        yield
    finally:
        if registry is not None:
            registry.entry_points = True
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(blocker)


def import_spacy(model: ModelRef = None) -> None:
    """Import spaCy now, without torch and transformers where `model` (default: the shipped
    pipeline) needs neither: the `referat` command calls this before its stages import spaCy."""
    with _lean_imports(model):
        import spacy  # noqa: F401  (the import is the point)


def _load(model: ModelRef) -> Any:
    if lean and _needs_torch(model):
        raise ModelError(
            str(model),
            "needs PyTorch (a transformer pipeline), but this process already loaded spaCy without it to save memory.",
            f"Load this model first in a new process, or set {LEAN_ENV}=0 in the environment.",
        )
    with _lean_imports(model):
        return _load_spacy(model)


def _load_spacy(model: ModelRef) -> Any:
    import spacy

    # referat's own factories; imported here, after _lean_imports, so spaCy loads without torch
    import referat.pipeline.components  # noqa: F401
    if model is None:
        default = _default_dir()
        if default is not None:
            return _spacy_load(default, str(default))
        return _rules_only()
    if isinstance(model, str) and model in {"rules", "rules-only", "rules_only"}:
        return _rules_only()
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir() or not (path / "config.cfg").exists():
            raise ModelError(
                str(model),
                "is not a spaCy pipeline (no config.cfg in it).",
                "Pass --model a trained pipeline folder such as training/cnn/model-best, "
                "or leave --model out to use the default pipeline.",
            )
        return _spacy_load(path, str(model))
    looks_like_path = isinstance(model, Path) or any(sep in str(model) for sep in ("/", "\\")) or str(model).startswith(".")
    if looks_like_path:
        raise ModelError(
            str(model),
            "no such model: the path does not exist.",
            "Check the path, pass a trained pipeline folder (with config.cfg), "
            "or leave --model out to use the default pipeline.",
        )
    if not spacy.util.is_package(str(model)):
        raise ModelError(
            str(model),
            "no such model: it is neither a folder here nor an installed pipeline package.",
            "Pass a pipeline folder (e.g. training/cnn/model-best), install the package "
            "(pip install ...), or leave --model out to use the default pipeline.",
        )
    return _spacy_load(str(model), str(model))


def _spacy_load(name: str | Path, shown: str) -> Any:
    import spacy

    try:
        return spacy.load(name)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the user's model problem
        raise ModelError(
            shown,
            f"could not be loaded as a spaCy pipeline ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}).",
            "Check that it was trained with spaCy 3.8 and referat installed, or leave --model out.",
        ) from None


def _rules_only() -> Any:
    # lazily, like the factories above: spaCy is imported under _lean_imports
    from referat.pipeline.components import rules_only_pipeline

    nlp = rules_only_pipeline()
    nlp.meta["name"] = "referat_rules"
    nlp.meta["version"] = __version__
    return nlp


def pipeline_info(nlp: Any) -> dict[str, str]:
    """{"name", "version"} of a loaded pipeline, as written in each output line."""
    meta = getattr(nlp, "meta", {}) or {}
    return {"name": str(meta.get("name") or "pipeline"), "version": str(meta.get("version") or "0.0.0")}


def entity_disabled(nlp: Any) -> list[str]:
    """Components an item Doc need not pass through in the main pass: the textcat (the decision
    component runs it on the decision's input itself), and an embedding only textcats listen to."""
    disabled = [name for name in nlp.pipe_names if name in TEXTCAT_COMPONENTS]
    for name in nlp.pipe_names:
        listeners = list(getattr(nlp.get_pipe(name), "listening_components", None) or [])
        if listeners and all(l in disabled or l not in nlp.pipe_names for l in listeners):
            disabled.append(name)
    return disabled


def clear_cache(model: ModelRef = None) -> None:
    """Forget loaded pipelines (tests): every one, or only the one `model` names (the next `load(model)`
    reads it again, as after editing its config.cfg)."""
    with _LOCK:
        if model is None:
            _CACHE.clear()
        else:
            _CACHE.pop(_key(model), None)
