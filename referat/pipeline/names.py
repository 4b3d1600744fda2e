"""`referat_names`: a trained span categoriser that adds the names the rules miss, with a probability.

The rules (`referat_entity_rules`, before this component) find what is regular: amounts, dates,
gazetteer parties, cued projects. What no gazetteer lists (a project named by a place or an
acronym, a local institution, a new committee) is what a model learns from context. This is
spaCy's span categoriser (`spacy.pipeline.spancat`, one label per span with a negative class, so
each span's score is a probability over PARTY, PROJECT and "not a name"), with four changes:

- **Gold from `doc.ents`.** The training corpus marks entities as `ents`; the component learns the
  entities of its `labels` from them (no separate span group to convert).
- **Candidates, not every n-gram** (`referat.name_candidates.v1`): spans that look like a name
  (a capitalised or digit-led run, or a lower-case run after a cue word or an opening quote), up
  to `max_length` tokens, and (`skip_entities`) none over an entity the rules set before: the
  model learns, and is scored on, only the names the rules left; the rest is never scored.
  In training the rules annotate the Docs first (`[training] annotating_components`).
- **Per-label thresholds** (`thresholds`, chosen on dev for a precision by `referat thresholds`):
  a span is kept where its best label is not the negative class and its probability reaches
  that label's threshold; overlaps go to the higher probability. The kept spans, with their
  probabilities in `attrs["scores"]`, are `doc.spans[spans_key]`; those that overlap no entity
  already set (the rules') are added to `doc.ents`, each with its probability as `Span._.score`.
  Rule entities are never changed.
- **Windows:** the component embeds its own tok2vec (a CNN with a receptive field of
  `depth x window_size` tokens) and runs it only on the candidates with `context` tokens on each
  side, not on the whole text: with `context` at least the receptive field, every candidate's
  vectors are exactly those of a whole-text run (tested), at a fraction of the cost.

    [components.names]
    factory = "referat_names"
    labels = ["PARTY","PROJECT"]
    thresholds = {"PARTY": 0.9, "PROJECT": 0.8}
"""
from __future__ import annotations

import re
from functools import partial
from typing import Any, Callable, Iterable, Optional, Sequence

import numpy
from spacy.language import Language
from spacy.pipeline.spancat import DEFAULT_SPANCAT_SINGLELABEL_MODEL, SpanCategorizer, Suggester
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span, SpanGroup
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model, Ops, get_current_ops
from thinc.types import Ragged

from referat.pipeline import extensions  # noqa: F401  (Span._.score)
from referat.schema import ENTITY_LABELS

#: lower-case words after which a lower-case run may be a name (`projektet Vejen til job`, `puljen
#: Ledige over 50 år`); opening quotes do the same
CUE_WORDS = frozenset("""projekt projektet projekter projekterne projektets pulje puljen puljer puljerne
indsats indsatsen indsatser ordning ordningen initiativ initiativet initiativer tiltag tiltaget
program programmet kampagne kampagnen forløb forløbet partnerskab partnerskabet samarbejde
samarbejdet strategi strategien plan planen helhedsplan helhedsplanen handleplan handleplanen
byggeri byggeriet renovering renoveringen ombygning ombygningen udbygning udbygningen
anlæg anlægget anlægsprojekt anlægsprojektet forsøg forsøget""".split())
OPENING_QUOTES = frozenset('"“”«»„\'')
#: a candidate does not end on these (a name ends on a noun or a number)
NOT_LAST = frozenset("""og eller i for af med til på om ved fra under over mod efter mellem samt
den det de en et at som der her the of and""".split())
#: tokens a name never spans (sentence punctuation, brackets); `-`, `/`, `&`, `.` inside a token are fine
BREAKS = frozenset(".,;:!?()[]{}|…")
_LETTER = re.compile(r"\w", re.UNICODE)


def candidate_spans(doc: Doc, max_length: int, skip_entities: bool = False) -> list[tuple[int, int]]:
    """(start, end) token offsets of the spans in `doc` that could be a name (see the module doc);
    with `skip_entities`, none that overlaps an entity already set (the rules')."""
    out: list[tuple[int, int]] = []
    n = len(doc)
    taken = numpy.zeros(n + 1, dtype=bool)
    if skip_entities:
        for ent in doc.ents:
            taken[ent.start: ent.end] = True
    for start in range(n):
        if taken[start]:
            continue
        first = doc[start]
        text = first.text
        if not _LETTER.match(text) or first.is_space:
            continue
        cued = start > 0 and (doc[start - 1].lower_ in CUE_WORDS or doc[start - 1].text in OPENING_QUOTES)
        if not (text[0].isupper() or text[0].isdigit() or cued or first.lower_ in CUE_WORDS
                or any(cue in first.lower_ for cue in ("projekt", "pulje", "ordning"))):
            continue
        for end in range(start + 1, min(n, start + max_length) + 1):
            last = doc[end - 1]
            if taken[end - 1]:
                break
            if last.text == "," and _listing_comma(doc, end - 1):
                continue  # `Klima-, Teknik- og Miljøudvalget`, `By, Kultur, Miljø & Beskæftigelse`
            if last.is_space or "\n" in last.text or last.text in BREAKS or last.text in OPENING_QUOTES:
                break
            if last.lower_ in NOT_LAST or not _LETTER.search(last.text):
                continue
            out.append((start, end))
    return out


def _listing_comma(doc: Doc, i: int) -> bool:
    """A comma inside a name: after a hyphenated first part, or between two capitalised words."""
    before = doc[i - 1].text if i > 0 else ""
    after = doc[i + 1].text if i + 1 < len(doc) else ""
    return before.endswith("-") or (before[:1].isupper() and after[:1].isupper())


def name_candidate_suggester(docs: Iterable[Doc], *, ops: Optional[Ops] = None, max_length: int = 8,
                             skip_entities: bool = True) -> Ragged:
    """spaCy's suggester protocol over `candidate_spans`."""
    ops = ops or get_current_ops()
    spans: list[Any] = []
    lengths: list[int] = []
    for doc in docs:
        found = candidate_spans(doc, max_length, skip_entities)
        lengths.append(len(found))
        if found:
            spans.append(ops.asarray(found, dtype="i"))
    lengths_array = ops.asarray(lengths, dtype="i")
    data = ops.xp.vstack(spans) if spans else ops.xp.zeros((0, 2), dtype="i")
    return Ragged(ops.asarray(data, dtype="i"), lengths_array)


@registry.misc("referat.name_candidates.v1")
def build_name_candidates(max_length: int = 8, skip_entities: bool = True) -> Suggester:
    """Name-shaped candidate spans up to `max_length` tokens (`candidate_spans`); with `skip_entities`
    none over an entity set before (the model learns and reads only what the rules left)."""
    return partial(name_candidate_suggester, max_length=max_length, skip_entities=skip_entities)


@Language.factory(
    "referat_names",
    assigns=["doc.ents", "doc.spans"],
    default_config={
        "model": DEFAULT_SPANCAT_SINGLELABEL_MODEL,
        "suggester": {"@misc": "referat.name_candidates.v1", "max_length": 8},
        "spans_key": "names",
        "labels": ["PARTY", "PROJECT"],
        "thresholds": {"PARTY": 0.9, "PROJECT": 0.9},
        "context": 4,
        "add_ents": True,
        "negative_weight": 1.0,
    },
    default_score_weights={"names_f": 1.0, "names_p": 0.0, "names_r": 0.0, "names_per_type": None},
)
def make_names(nlp: Language, name: str, model: Model, suggester: Suggester, spans_key: str,
               labels: list[str], thresholds: dict[str, float], context: int, add_ents: bool,
               negative_weight: float) -> "NameCategorizer":
    return NameCategorizer(nlp.vocab, model, suggester, name=name, spans_key=spans_key, labels=labels,
                           thresholds=thresholds, context=context, add_ents=add_ents,
                           negative_weight=negative_weight)


class NameCategorizer(SpanCategorizer):
    """Names by a trained span categoriser, kept above a per-label threshold (see the module doc)."""

    def __init__(self, vocab: Any, model: Model, suggester: Suggester, *, name: str = "names",
                 spans_key: str = "names", labels: Sequence[str] = ("PARTY", "PROJECT"),
                 thresholds: Optional[dict[str, float]] = None, context: int = 4, add_ents: bool = True,
                 negative_weight: float = 1.0) -> None:
        unknown = set(labels) - set(ENTITY_LABELS)
        if unknown:
            raise ValueError(f"referat_names: unknown labels {sorted(unknown)}; known: {ENTITY_LABELS}")
        super().__init__(vocab, model, suggester, name, spans_key=spans_key, add_negative_label=True,
                         max_positive=1, threshold=None, allow_overlap=False, negative_weight=negative_weight,
                         scorer=None)
        self.name_labels = list(labels)
        self.thresholds = {label: float((thresholds or {}).get(label, 0.9)) for label in self.name_labels}
        self.context = context
        self.add_ents = add_ents

    # ------------------------------------------------------------------ training

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None,
                   labels: Optional[list[str]] = None) -> None:
        """The labels are the config's (`labels`), not read from span groups."""
        super().initialize(get_examples, nlp=nlp, labels=labels or self.name_labels)

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd: Any = None,
               losses: Optional[dict[str, float]] = None) -> dict[str, float]:
        """spaCy's update on the examples whose reference marks entities: a Doc without them (a bare
        decision input of the shared training corpus) says nothing about names."""
        return super().update([eg for eg in examples if eg.reference.has_annotation("ENT_IOB")], drop=drop,
                              sgd=sgd, losses=losses)

    def _get_aligned_spans(self, eg: Example) -> list[Span]:
        """The reference's entities of this component's labels, aligned to the predicted tokens."""
        ents = [e for e in eg.reference.ents if e.label_ in self.name_labels]
        return eg.get_aligned_spans_y2x(ents, allow_overlap=True)

    # ------------------------------------------------------------------ prediction

    def predict(self, docs: Iterable[Doc]) -> tuple[Ragged, Any]:
        """Candidates and their label probabilities, the tok2vec run on windows around the candidates."""
        docs = list(docs)
        indices = self.suggester(docs, ops=self.model.ops)
        if indices.lengths.sum() == 0:
            return indices, self.model.ops.alloc2f(0, self._n_labels)
        windows, window_indices = [], []
        for i, doc in enumerate(docs):
            found = self.model.ops.to_numpy(indices[i].dataXd).reshape(-1, 2)
            window, shifted = window_doc(doc, found, self.context)
            windows.append(window)
            window_indices.append(shifted)
        lengths = self.model.ops.asarray([len(w) for w in window_indices], dtype="i")
        data = numpy.vstack([w for w in window_indices if len(w)]).astype("i")
        scores = self.model.predict((windows, Ragged(self.model.ops.asarray(data, dtype="i"), lengths)))
        return indices, scores

    def scored(self, docs: Sequence[Doc], indices_scores: tuple[Ragged, Any]) -> list[list[tuple[int, int, str, float]]]:
        """Every candidate with its best label and that label's probability, the negative class
        left out: (start, end, label, probability) per Doc, for thresholds and active learning."""
        indices, scores = indices_scores
        scores = self.model.ops.to_numpy(scores)
        out, offset = [], 0
        negative = self._negative_label_i  # the last column (add_negative_label is always on here)
        for i, _ in enumerate(docs):
            n = int(indices.lengths[i])
            rows = self.model.ops.to_numpy(indices[i].dataXd).reshape(-1, 2)
            block = scores[offset: offset + n]
            offset += n
            found = []
            for (start, end), row in zip(rows, block):
                best = int(row[:negative].argmax())
                found.append((int(start), int(end), self.labels[best], float(row[best])))
            out.append(found)
        return out

    def candidates(self, doc: Doc) -> list[tuple[int, int, str, float]]:
        """`scored` for one Doc in character offsets: what thresholds are chosen on and active learning
        ranks by, before any threshold."""
        (found,) = self.scored([doc], self.predict([doc]))
        return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label, p) for s, e, label, p in found]

    def set_annotations(self, docs: Iterable[Doc], indices_scores: tuple[Ragged, Any]) -> None:
        docs = list(docs)
        for doc, found in zip(docs, self.scored(docs, indices_scores)):
            kept = select(found, self.thresholds)
            group = SpanGroup(doc, name=self.key, spans=[Span(doc, s, e, label=label) for s, e, label, _ in kept])
            group.attrs["scores"] = numpy.array([p for *_, p in kept], dtype="f")
            doc.spans[self.key] = group
            if self.add_ents:
                taken = {t for e in doc.ents for t in range(e.start, e.end)}
                new = [(span, p) for span, (*_, p) in zip(group, kept)
                       if not any(t in taken for t in range(span.start, span.end))]
                if new:
                    doc.set_ents(list(doc.ents) + [span for span, _ in new], default="unmodified")
                    for span, p in new:
                        span._.score = round(float(p), 4)

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """The model alone: precision, recall and F1 of its kept spans (`names_p`, `names_r`,
        `names_f`, `names_per_type`) against the reference's entities of its labels."""
        labels = set(self.name_labels)
        key = self.key

        def getter(doc: Doc, attr: str) -> list[Span]:
            # a predicted Doc carries the group (set_annotations); the reference's entities are the gold
            return list(doc.spans[key]) if key in doc.spans else [e for e in doc.ents if e.label_ in labels]

        return Scorer.score_spans(examples, "names", getter=getter,
                                  has_annotation=lambda doc: doc.has_annotation("ENT_IOB"), **kwargs)


def select(found: Iterable[tuple[int, int, str, float]], thresholds: dict[str, float]) -> list[tuple[int, int, str, float]]:
    """The candidates at or above their label's threshold, no two overlapping (the more probable wins)."""
    ranked = sorted((c for c in found if c[3] >= thresholds.get(c[2], 1.1)), key=lambda c: (-c[3], c[0], c[1]))
    taken: set[int] = set()
    kept = []
    for start, end, label, p in ranked:
        if any(t in taken for t in range(start, end)):
            continue
        taken.update(range(start, end))
        kept.append((start, end, label, p))
    return sorted(kept)


def window_doc(doc: Doc, spans: numpy.ndarray, context: int) -> tuple[Doc, numpy.ndarray]:
    """A Doc of the tokens within `context` of a candidate span (as many candidates share their
    context, windows merge), and the candidates' offsets in it. A Doc whose windows cover most
    of it is returned whole."""
    n = len(doc)
    keep = numpy.zeros(n + 1, dtype=bool)
    for start, end in spans:
        keep[max(0, start - context): min(n, end + context)] = True
    keep = keep[:n]
    if keep.mean() > 0.8:
        return doc, spans
    positions = numpy.flatnonzero(keep)
    new_index = numpy.full(n + 1, -1, dtype="i")
    new_index[positions] = numpy.arange(len(positions), dtype="i")
    tokens = [doc[int(i)] for i in positions]
    window = Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
    for token, source in zip(window, tokens):
        token.norm_ = source.norm_
    starts = new_index[spans[:, 0]]
    ends = new_index[spans[:, 1] - 1] + 1
    return window, numpy.stack([starts, ends], axis=1).astype("i")
