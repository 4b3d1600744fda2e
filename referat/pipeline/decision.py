"""`referat_decision`: the decision type of an agenda item, decided inside the pipeline.

One Doc is one agenda item (or the chunk of a long item that holds its decision).
The component reads the item's decision, recommendation and competence from the Doc:
`doc.spans["decision"]`, `doc.spans["recommendation"]`, `doc.spans["competence"]`, with
`doc._.title` and `doc._.body` (the body that met), as `referat_sections` marked them at
the head of the pipeline (from the ingestion, or from the Doc's text read as one item).

It applies the wording rules (`referat.pipeline.decisions`); where their score is
below `threshold` and the pipeline has a trained textcat (`textcat`), the textcat
decides, run on the classifier input of the item (its embedding layer first).
The result is `doc._.decision` = (label, score), also written to `doc.cats` (the
decided label with its score, the others 0), and `doc._.decision_rules` = the wording
rules' own (label, score) (None where they had no decision text to read), so a reader
can tell a decision the rules could not read from one the textcat made. `score()`
reports `decision_acc`, `decision_macro_f` and spaCy's category scores (`cats_score`,
per type) against the reference's `cats`, so `spacy evaluate` scores what `extract()`
returns. A Doc that is not an agenda item (a bare classifier input, as in the
textcat's training data) keeps the textcat's reading.

    [components.decision]
    factory = "referat_decision"
    threshold = 0.4     # rule readings scored below this go to the textcat
    textcat = "textcat" # null: rules only
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from spacy.language import Language
from spacy.scorer import PRFScore, Scorer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import minibatch

from referat.corpus.structure import decision_text_of
from referat.pipeline import extensions  # noqa: F401  (Doc._.title, Doc._.body, Doc._.decision)
from referat.pipeline.decisions import DecisionContext, decision_data
from referat.pipeline.resources import Resources, default_resources, load_shared, save_shared
from referat.pipeline.sections import SECTION_KEYS
from referat.schema import DECISION_TYPES

#: Components a textcat may listen to.
EMBEDDING_COMPONENTS = ("tok2vec", "transformer")


@Language.factory(
    "referat_decision",
    requires=["doc.spans", "doc._.title"],
    assigns=["doc._.decision", "doc._.decision_rules", "doc.cats"],
    default_config={"threshold": 0.4, "textcat": "textcat",
                    "resources": {"@misc": "referat.resources.v1", "path": None}},
    default_score_weights={"decision_acc": 1.0, "decision_macro_f": 0.0},
)
def make_decision(nlp: Language, name: str, threshold: float, textcat: Optional[str],
                  resources: Resources) -> "DecisionClassifier":
    return DecisionClassifier(nlp, name, threshold=threshold, textcat=textcat, resources=resources)


class DecisionClassifier:
    """Rules where they are sure, the trained textcat below `threshold`. The wording and competence
    files are the pipeline's own (`resources`, saved with it), so a pipeline shipped elsewhere reads
    decisions as it did where it was built."""

    def __init__(self, nlp: Language, name: str = "referat_decision", *, threshold: float = 0.4,
                 textcat: Optional[str] = "textcat", resources: Optional[Resources] = None) -> None:
        self.nlp = nlp
        self.name = name
        self.threshold = float(threshold)
        self.textcat = textcat
        self.resources = resources or default_resources()

    # ------------------------------------------------------------------ running

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            yield from self._decide(list(batch))

    def _decide(self, docs: list[Doc]) -> list[Doc]:
        with decision_data(self.resources.path("decision_wording"), self.resources.path("competence")):
            return self._decide_batch(docs)

    def _decide_batch(self, docs: list[Doc]) -> list[Doc]:
        items = [(doc, context_of(doc)) for doc in docs]
        items = [(doc, context) for doc, context in items if context is not False]
        for (doc, _), (rules, (label, score)) in zip(items, self.read([c for _, c in items])):
            doc._.decision_rules = rules
            doc._.decision = (label, score)
            doc.cats = {t: (score if t == label else 0.0) for t in DECISION_TYPES}
        for doc in docs:
            if doc._.decision is None:  # not an item (a bare classifier input): the textcat's reading stands
                best = max(doc.cats.items(), key=lambda kv: kv[1]) if doc.cats else ("NONE", 1.0)
                doc._.decision = (best[0], float(best[1]))
        return docs

    def decide(self, contexts: Sequence[Optional[DecisionContext]]) -> list[tuple[str, float]]:
        """(type, score) for each item's context: NONE without a decision text; the rules' reading
        where its score reaches `threshold`; else the textcat's best label on the classifier input."""
        return [decided for _, decided in self.read(contexts)]

    def read(self, contexts: Sequence[Optional[DecisionContext]]
             ) -> list[tuple[Optional[tuple[str, float]], tuple[str, float]]]:
        """(the rules' (type, score), the decision `decide` gives) for each item's context; the
        rules' reading is None where there is no decision text (they do not run)."""
        rules: list[Optional[tuple[str, float]]] = []
        out: list[tuple[str, float]] = []
        pending: list[tuple[int, DecisionContext, tuple[str, float]]] = []
        model = self._textcat_steps()
        for context in contexts:
            if context is None or not context.decision_text:
                rules.append(None)
                out.append(("NONE", 1.0))
                continue
            label, score = context.classify()
            rules.append((label, float(score)))
            out.append((label, float(score)))
            if model and score < self.threshold:
                pending.append((len(out) - 1, context, (label, float(score))))
        if pending:
            inputs = [self.nlp.make_doc(context.classifier_input()) for _, context, _ in pending]
            for step in model:
                inputs = list(step.pipe(inputs))
            for (index, _, _), scored in zip(pending, inputs):
                if scored.cats:
                    label, score = max(scored.cats.items(), key=lambda kv: kv[1])
                    out[index] = (label if label in DECISION_TYPES else "NONE", min(1.0, max(0.0, float(score))))
        return list(zip(rules, out))

    def _textcat_steps(self) -> list[Any]:
        """The textcat and the embedding it listens to, if the pipeline has a trained one."""
        if not self.textcat or self.textcat not in self.nlp.component_names:
            return []
        textcat = self.nlp.get_pipe(self.textcat)
        if not getattr(textcat, "labels", None):
            return []
        steps = [self.nlp.get_pipe(n) for n in EMBEDDING_COMPONENTS
                 if n in self.nlp.component_names and self.textcat in
                 (getattr(self.nlp.get_pipe(n), "listening_components", None) or [])]
        return steps + [textcat]

    # ------------------------------------------------------------------ pipe API

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn here: the textcat it defers to is trained as a component of its own."""

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Accuracy and macro-F1 of `doc._.decision` against the reference's best category."""
        per_label = {label: PRFScore() for label in DECISION_TYPES}
        right = total = 0
        for eg in examples:
            if not eg.reference.cats:
                continue
            gold = max(eg.reference.cats.items(), key=lambda kv: kv[1])[0]
            decision = eg.predicted._.decision
            pred = decision[0] if decision else "NONE"
            total += 1
            right += pred == gold
            for label, prf in per_label.items():
                prf.tp += pred == label and gold == label
                prf.fp += pred == label and gold != label
                prf.fn += pred != label and gold == label
        if not total:
            return {"decision_acc": None, "decision_macro_f": None, "decision_f_per_type": None}
        seen = [l for l, p in per_label.items() if p.tp + p.fn > 0]
        scores = Scorer.score_cats(examples, "cats", labels=DECISION_TYPES, multi_label=False, **kwargs)
        scores.update({
            "decision_acc": right / total,
            "decision_macro_f": sum(per_label[l].fscore for l in seen) / len(seen) if seen else None,
            "decision_f_per_type": {l: per_label[l].to_dict() for l in seen},
        })
        return scores

    # Its settings are the config's (editing `threshold` in a saved pipeline's config.cfg changes
    # what it does); its data files are saved with the pipeline, once for all components.

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_shared(self, path, self.nlp.pipeline)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "DecisionClassifier":
        self.resources = load_shared(self, Path(path), self.nlp)
        return self


# ------------------------------------------------------------------ what the decision is read from


def context_of(doc: Doc) -> Any:
    """The item's DecisionContext from the sections `referat_sections` marked (or `item_doc` set).
    None for an item without a decision, recommendation or competence section; False for a Doc
    that is not an agenda item (no title: a bare classifier input)."""
    if any(key in doc.spans for key in SECTION_KEYS):
        def text(key: str, clean: Callable[[str], str] = str.strip) -> Optional[str]:
            spans = doc.spans[key] if key in doc.spans else []
            return (clean(spans[0].text) or None) if len(spans) else None

        return DecisionContext(text("decision", decision_text_of), text("recommendation"), doc._.title,
                               text("competence"), doc._.body)
    return None if doc._.title is not None else False
