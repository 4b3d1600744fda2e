"""Loading the spaCy pipeline that `extract()` runs, once per process.

    load_pipeline(None)                 # the shipped default (training/default), else rules only
    load_pipeline("path/to/model-best") # a pipeline directory
    load_pipeline("da_referat_cnn")     # an installed pipeline package

A model that cannot be loaded raises `referat.errors.ModelError` naming it and
saying what to do; nothing else escapes.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Union

from referat.errors import ModelError

ModelRef = Union[str, Path, None]

#: Where `referat package` puts the trained default pipeline.
DEFAULT_PIPELINE = Path(__file__).resolve().parent.parent / "training" / "default"

#: Components that classify the decision text, not entities.
TEXTCAT_COMPONENTS = ("textcat", "textcat_multilabel")
#: Components a textcat may listen to.
EMBEDDING_COMPONENTS = ("tok2vec", "transformer")

_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()
#: How many pipelines this process has loaded (the Dask test checks one per worker).
load_count = 0


def _register_components() -> None:
    """Import the modules that register referat's factories and Doc extensions."""
    for module in (
        "referat.training.extensions",
        "referat.training.components",
        "referat.training.rules",
        "referat.training.normaliser",
    ):
        try:
            __import__(module)
        except ImportError:
            pass


def _default_dir() -> Path | None:
    candidates = [DEFAULT_PIPELINE]
    try:  # the installed package's copy, if referat.training lives elsewhere
        import referat.training as training

        candidates.append(Path(training.__file__).resolve().parent / "default")
    except ImportError:
        pass
    for path in candidates:
        if (path / "config.cfg").exists() and (path / "meta.json").exists():
            return path
    return None


def _key(model: ModelRef) -> str:
    if model is None:
        return "<default>"
    path = Path(model).expanduser()
    return str(path.resolve()) if path.exists() else str(model)


def load_pipeline(model: ModelRef = None) -> Any:
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


def _load(model: ModelRef) -> Any:
    import spacy

    _register_components()
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
    try:
        try:
            from referat.training.rules import rules_only_pipeline
        except ImportError:
            from referat.training.pipelines import rules_only_pipeline
    except ImportError as exc:
        raise ModelError(
            "<default>",
            f"neither a trained default pipeline (training/default) nor the entity rules are available ({exc}).",
            "Reinstall referat (pip install -e .) or pass --model a trained pipeline.",
        ) from None
    nlp = rules_only_pipeline()
    if nlp.meta.get("name") in (None, "", "pipeline"):
        from referat import __version__

        nlp.meta["name"] = "referat_rules"
        nlp.meta["version"] = __version__
    return nlp


def pipeline_info(nlp: Any) -> dict[str, str]:
    """{"name", "version"} of a loaded pipeline, as written in each output line."""
    meta = getattr(nlp, "meta", {}) or {}
    return {"name": str(meta.get("name") or "pipeline"), "version": str(meta.get("version") or "0.0.0")}


def textcat_name(nlp: Any) -> str | None:
    """The decision classifier component of `nlp`, if it has one with labels."""
    for name in TEXTCAT_COMPONENTS:
        if name in nlp.pipe_names:
            try:
                if nlp.get_pipe(name).labels:
                    return name
            except Exception:  # noqa: BLE001
                return name
    return None


def entity_disabled(nlp: Any) -> list[str]:
    """Components not needed for entities (the decision classifiers)."""
    return [name for name in nlp.pipe_names if name in TEXTCAT_COMPONENTS]


def textcat_disabled(nlp: Any) -> list[str]:
    """All components except the decision classifier and the embedding it may listen to."""
    keep = set(TEXTCAT_COMPONENTS) | set(EMBEDDING_COMPONENTS)
    return [name for name in nlp.pipe_names if name not in keep]


def clear_cache() -> None:
    """Forget loaded pipelines (tests)."""
    with _LOCK:
        _CACHE.clear()
