"""`referat_entity_rules`: a rule-based entity component for AMOUNT, DATE,
PARTY and PROJECT; the rules themselves are one finder per label, registered by label in
`entity_finders.FINDERS` and run together by `entity_finders.EntityFinder`.

What is found where is the finder modules (`entity_amounts`, `entity_dates`, `entity_parties`,
`entity_projects`: the rules, compiled once from the data files); this module is the spaCy
component around them: how rule entities meet a trained model's, scoring, and serialisation.

The shipped pipeline runs the rules first and the trained names model (`referat_names`) after
them, which adds only names that overlap no rule entity. `rules_key`: the span group that keeps
the rules' own entities, scored as `rules_*` beside `ents_*` (rules and model together), so
`spacy evaluate` reports the rules alone, the model alone (`names_*`) and both.

With a trained spaCy `ner` instead (configs/trf.cfg):
- before it (`overwrite_ents` either way): the rule entities are preset, and
  every other token is left unannotated, so the ner fills the rest around them;
- after it with `overwrite_ents=False`: only what the ner missed is added;
- after it with `overwrite_ents=True`: rule entities replace overlapping ner
  entities;
- `model_labels`: the labels the ner before it may keep (null: all). The shipped
  config keeps only PARTY and PROJECT from the ner and lets the rules own AMOUNT
  and DATE, which measured best in leave-one-municipality-out evaluation
  (training/evaluation/report.md).
- `model_key`: the span group that keeps the ner's own entities, as they were
  before the rules touched them, so that `score` reports the trained model alone
  (`model_f`) beside the combined `ents_f`; `spacy train` picks model-best and
  stops early by it, not by what the rules did.

In a config:

    [components.entity_rules]
    factory = "referat_entity_rules"
    labels = ["AMOUNT","DATE","PARTY","PROJECT"]
    overwrite_ents = false

    [components.entity_rules.resources]
    @misc = "referat.resources.v1"
    path = ${paths.resources}     # null: the data files packaged with referat.pipeline

The component holds no weights; `to_disk` stores the data files it uses with the
pipeline (once, shared with the normaliser: `resources.save_shared`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans

from referat.pipeline import extensions  # noqa: F401  (registers Span._.value, Doc._.meeting_date)
from referat.pipeline.entity_finders import FINDERS, LABELS, EntityFinder
from referat.pipeline.resources import Resources, default_resources, load_shared, save_shared


@Language.factory(
    "referat_entity_rules",
    default_config={
        "labels": list(LABELS),
        "overwrite_ents": False,
        "model_labels": None,
        "model_key": "model",
        "rules_key": "rules",
        "resources": {"@misc": "referat.resources.v1", "path": None},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None,
                           "model_f": 0.0, "model_p": 0.0, "model_r": 0.0, "model_per_type": None,
                           "rules_f": 0.0, "rules_p": 0.0, "rules_r": 0.0, "rules_per_type": None},
)
def make_entity_rules(
    nlp: Language,
    name: str,
    labels: list[str],
    overwrite_ents: bool,
    model_labels: Optional[list[str]],
    model_key: Optional[str],
    rules_key: Optional[str],
    resources: Resources,
) -> "EntityRules":
    return EntityRules(nlp, name, labels=labels, overwrite_ents=overwrite_ents, model_labels=model_labels,
                       model_key=model_key, rules_key=rules_key, resources=resources)


class EntityRules:
    """Rule entities (see the module doc); a pipe with `initialize`, `score` and serialisation."""

    def __init__(
        self,
        nlp: Language,
        name: str = "referat_entity_rules",
        *,
        labels: Iterable[str] = LABELS,
        overwrite_ents: bool = False,
        model_labels: Iterable[str] | None = None,
        model_key: str | None = "model",
        rules_key: str | None = "rules",
        resources: Resources | None = None,
    ):
        unknown = set(labels) - set(FINDERS)  # a label runs where a finder is registered for it
        if unknown:
            raise ValueError(f"referat_entity_rules: unknown labels {sorted(unknown)}; known: {tuple(FINDERS)}")
        self.nlp = nlp
        self.name = name
        self.labels = list(labels)
        self.overwrite_ents = overwrite_ents
        # labels an ner before this component may keep (None: all); the rules own the others
        self.model_labels = None if model_labels is None else set(model_labels)
        self.model_key = model_key
        self.rules_key = rules_key
        self.resources = resources or default_resources()
        self._build()

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn: the data files are compiled when the component is made."""
        self._build()

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Entity precision, recall and F1 (spaCy's `Scorer.score_spans`) of `doc.ents` (`ents_*`: the
        rules with any model), with a `rules_key` of the rules alone (`rules_*`) and, with a `model_key`,
        of an ner before this component alone (`model_*`, all its labels)."""
        def annotated(doc: Doc) -> bool:  # a reference with entities marked (not a bare classifier input)
            return doc.has_annotation("ENT_IOB")

        scores = Scorer.score_spans(examples, "ents", has_annotation=annotated, **kwargs)
        for prefix, key in (("rules", self.rules_key), ("model", self.model_key)):
            if not key:
                continue

            def group(doc: Doc, attr: str, key: str = key) -> Iterable[Span]:
                # predicted Docs carry the group (set in set_entities); the reference's entities are the gold
                return doc.spans[key] if key in doc.spans else doc.ents

            scores.update(Scorer.score_spans(examples, prefix, getter=group, has_annotation=annotated, **kwargs))
        return scores

    def _build(self) -> None:
        self.finder = EntityFinder(self.nlp, self.resources, self.labels)

    # --------------------------------------------------------------- running

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        return self.set_entities(doc, spans)

    def pipe(self, stream, batch_size: int = 128):
        for doc in stream:
            yield self(doc)

    def find(self, doc: Doc) -> list[Span]:
        """The rule entities of `doc` (not yet set), overlaps resolved."""
        return self.finder.find(doc)

    def set_entities(self, doc: Doc, spans: list[Span]) -> Doc:
        existing = list(doc.ents)
        if self.rules_key:
            doc.spans[self.rules_key] = spans  # the rules' own entities, for `score`
        if self.model_key:
            doc.spans[self.model_key] = existing  # the ner's own entities (none without one), for `score`
        if self.model_labels is not None:
            foreign = [e for e in existing if e.label_ not in self.model_labels]
            if foreign:
                existing = [e for e in existing if e.label_ in self.model_labels]
                doc.set_ents(existing, outside=foreign, default="unmodified")
        if self.overwrite_ents:
            rule_tokens = {i for s in spans for i in range(s.start, s.end)}
            dropped = [e for e in existing if any(i in rule_tokens for i in range(e.start, e.end))]
            kept = [e for e in existing if e not in dropped]
            # tokens of a replaced entity that no rule entity covers are left unannotated
            freed = sorted({i for e in dropped for i in range(e.start, e.end)} - rule_tokens)
            doc.set_ents(filter_spans(spans + kept), missing=[doc[i : i + 1] for i in freed], default="unmodified")
        else:
            taken = {i for e in existing for i in range(e.start, e.end)}
            new = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
            doc.set_ents(existing + new, default="unmodified")
        return doc

    # Settings live in the config; what is serialised is the data files (once per pipeline).

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_shared(self, path, self.nlp.pipeline)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "EntityRules":
        self.resources = load_shared(self, Path(path), self.nlp)
        self._build()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return self.resources.to_bytes()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "EntityRules":
        self.resources = Resources.from_bytes(data)
        self._build()
        return self
