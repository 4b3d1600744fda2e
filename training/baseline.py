"""scikit-learn baseline for the decision type, measured beside spaCy's textcat.

A TF-IDF representation of the classifier input (`decisions.decision_input`): character
n-grams within word boundaries (robust to inflection and fused Danish compounds:
`tiltrådt`/`tiltrådte`, `Økonomiudvalget`) joined with word uni- and bigrams (`ikke
godkendt`, `til efterretning`), fed to a logistic regression with balanced class
weights (the rare types weigh as much as the common ones). Logistic regression rather
than LinearSVC because it gives probabilities, which serve as the decision score.

Saving: `save_baseline` writes a `.skops` file when the path ends in `.skops` and
skops is installed, and a pickle otherwise.
- pickle (stdlib, also what joblib writes): no extra dependency and it restores any
  estimator, but loading runs code from the file: load only files you made or trust.
- skops (`skops.io`): loading refuses types not explicitly trusted, so a shared model
  file cannot run arbitrary code; it costs a dependency and its format follows
  scikit-learn versions. Prefer it for models that travel between people.
Either way a model is tied to the scikit-learn version that trained it; the baseline
trains in well under a second, so retraining beats shipping it.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterable, Sequence

from sklearn.dummy import DummyClassifier
from threadpoolctl import threadpool_limits
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

__all__ = ["train_baseline", "predict", "predict_with_scores", "save_baseline", "load_baseline", "build_pipeline"]


def build_pipeline(seed: int = 0) -> Pipeline:
    """The untrained baseline pipeline."""
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True,
                                  sublinear_tf=True, min_df=1)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True,
                                  token_pattern=r"(?u)\b\w+\b|\[\w+\]", sublinear_tf=True, min_df=1)),
    ])
    clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


def train_baseline(texts: Sequence[str], labels: Sequence[str], seed: int = 0) -> Pipeline:
    """Fit the baseline on classifier inputs and their decision types.

    With a single label in the training data a constant classifier stands in for the
    logistic regression (which needs two classes).
    """
    texts = [t or "" for t in texts]
    labels = [str(label) for label in labels]
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    if not texts:
        raise ValueError("no training examples")
    model = build_pipeline(seed)
    if len(set(labels)) < 2:
        model.steps[-1] = ("clf", DummyClassifier(strategy="most_frequent"))
    with threadpool_limits(limits=1):  # tiny problem: BLAS threads only contend (10x slower on a busy box)
        model.fit(texts, labels)
    return model


def predict(model: Pipeline, texts: Iterable[str]) -> list[str]:
    """Decision type per classifier input."""
    return [str(p) for p in model.predict([t or "" for t in texts])]


def predict_with_scores(model: Pipeline, texts: Iterable[str]) -> list[tuple[str, float]]:
    """(decision type, probability) per classifier input."""
    texts = [t or "" for t in texts]
    if not texts:
        return []
    proba = model.predict_proba(texts)
    classes = list(model.classes_)
    out = []
    for row in proba:
        i = int(row.argmax())
        out.append((str(classes[i]), float(row[i])))
    return out


def save_baseline(model: Pipeline, path: str | Path) -> Path:
    """Write the model: skops format for a `.skops` path (skops needed), else pickle."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".skops":
        import skops.io as sio  # optional dependency

        sio.dump(model, path)
    else:
        with path.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_baseline(path: str | Path, trusted: bool = True) -> Pipeline:
    """Read a model written by `save_baseline`.

    A pickle runs code while loading: `trusted=False` refuses one. A `.skops` file is
    loaded with only the types skops itself trusts plus those of this pipeline.
    """
    path = Path(path)
    if path.suffix == ".skops":
        import skops.io as sio

        untrusted = sio.get_untrusted_types(file=path)
        allowed = {t for t in untrusted if t.startswith(("sklearn.", "numpy.", "scipy."))}
        unknown = set(untrusted) - allowed
        if unknown:
            raise ValueError(f"{path}: refusing untrusted types {sorted(unknown)}")
        return sio.load(path, trusted=sorted(allowed))
    if not trusted:
        raise ValueError(f"{path}: a pickle can run code when loaded; pass trusted=True only for your own files")
    with path.open("rb") as fh:
        return pickle.load(fh)
