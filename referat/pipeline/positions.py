"""`referat_positions`: who voted how on an agenda item (annotation scheme v1.1, "Positions").

One Doc is one agenda item (or the chunk of a long item that holds its decision). The
component reads only this meeting's decision text: the span `doc.spans["decision"]`
that `referat_sections` marks at the head of the pipeline, cut at a case-history heading
inside it. A case history (`Sagens forløb`, `Sagsforløb`) quoting earlier meetings is never read.

In the decision text it finds (`position_finders.find_votes`), by the wording in
`patterns/positions.json` (loaded through the shared `Resources`):

- positions: the actor (`Mehmet Zeki Dogru (Ø)`, `(V)` -> the span `V`, `V`,
  `Venstre`, a person's name) labelled FOR, AGAINST, ABSTAINED, RESERVATION, ABSENT or
  CONFLICT_OF_INTEREST; one span per actor of a list (`For stemte: (V), (A), (C)`).
  Text in quotes and remarks (`med bemærkning om, at ...`, `, da ...`) sets nothing.
- each actor normalised: the person's name, the list letter (`SF` -> `F`; `UP`,
  `UP-1`, `UFP`: outside any party, null) and the canonical party name (the party
  gazetteer). A person named without a letter takes the letter of the meeting's
  participant list (`Doc._.participants`, matched by name, spelling variants allowed).
- the recommendation point a vote concerns (`2. Anbefales. (Ø) stemmer imod` -> `2`;
  `(Ø) stemte imod indstillingspunkt 3.b` -> `3.b`; vote lists under counted decisions
  that name points take those points; a vote written between two numbered points takes
  the point above it), else null for the whole item;
- amendments (`C stillede ændringsforslag ...`, `(Ø) fremsatte følgende forslag til
  beslutning`; not a motion such as `stillede forslag om at udsætte sagen`) with their
  proposers, the point they amend and their outcome as written; the votes after a
  proposal carry it, and its point;
- the counts as written (`Med stemmerne 19 for og 1 imod`).

The result is `doc._.votes` (the contract's `votes` object, offsets relative to the
Doc; the extractor adds the chunk's offset) and the spans `doc.spans[span_key]`
labelled with the positions. `score()` reports span P/R/F per label against the
reference's `doc.spans[span_key]`, and where a reference carries
`doc.user_data["vote_counts"]` (the counts dict, or None where none is written),
how often the counts are exact. `score_positions` scores contract-shaped votes (the
evaluation against gold positions).

    [components.positions]
    factory = "referat_positions"
    span_key = "positions"

    [components.positions.resources]
    @misc = "referat.resources.v1"
    path = ${paths.resources}
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.tokens import Doc
from spacy.training import Example

from referat.pipeline import extensions  # noqa: F401  (Doc._.votes, Doc._.participants)
from referat.pipeline.extensions import doc_text
from referat.pipeline.position_finders import COUNT_KEYS, VOTE_LABELS, find_votes, meeting_participants
from referat.pipeline.position_lexicon import POSITION_LABELS, PositionLexicon
from referat.pipeline.resources import Resources, default_resources, load_shared, save_shared

__all__ = ["POSITION_LABELS", "VOTE_LABELS", "PositionFinder", "decision_region", "empty_votes", "find_votes",
           "make_positions", "meeting_participants", "score_positions"]

#: Key of `doc.user_data` where a reference Doc keeps its written counts (a dict, or None).
COUNTS_KEY = "vote_counts"


def empty_votes() -> dict[str, Any]:
    """The votes of an item without any written position."""
    return {"counts": None, "positions": [], "amendments": []}


# ------------------------------------------------------------------ the component


@Language.factory(
    "referat_positions",
    default_config={"span_key": "positions", "resources": {"@misc": "referat.resources.v1", "path": None}},
    default_score_weights={"positions_f": None, "positions_p": None, "positions_r": None,
                           "positions_per_label": None, "positions_counts_exact": None},
)
def make_positions(nlp: Language, name: str, span_key: str, resources: Resources) -> "PositionFinder":
    return PositionFinder(nlp, name, span_key=span_key, resources=resources)


class PositionFinder:
    """Positions, counts and amendments in the item's decision text (see the module doc)."""

    def __init__(self, nlp: Optional[Language] = None, name: str = "referat_positions", *,
                 span_key: str = "positions", resources: Optional[Resources] = None) -> None:
        self.nlp = nlp
        self.name = name
        self.span_key = span_key
        self.resources = resources or default_resources()

    @property
    def lexicon(self) -> PositionLexicon:
        return self.resources.positions

    def __call__(self, doc: Doc) -> Doc:
        region = decision_region(doc, self.lexicon)
        votes = empty_votes() if region is None else find_votes(doc_text(doc), region, self.lexicon, doc._.participants)
        spans = []
        for position in votes["positions"]:
            span = doc.char_span(position["start"], position["end"], label=position["position"], alignment_mode="expand")
            if span is None:
                continue
            position.update(start=span.start_char, end=span.end_char, text=span.text)
            spans.append(span)
        doc.spans[self.span_key] = spans
        doc._.votes = votes
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn: the wording comes from the data files."""

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Span P/R/F per position label against the reference's `doc.spans[span_key]`, and the
        share of items whose counts are exact where the reference has `user_data["vote_counts"]`."""
        per_label = {label: PRFScore() for label in POSITION_LABELS}
        seen = False
        counts_right = counts_total = 0
        for eg in examples:
            reference = eg.reference
            if self.span_key in reference.spans:
                seen = True
                gold = {(s.start_char, s.end_char, s.label_) for s in reference.spans[self.span_key]}
                pred_spans = eg.predicted.spans[self.span_key] if self.span_key in eg.predicted.spans else []
                pred = {(s.start_char, s.end_char, s.label_) for s in pred_spans}
                _count_prf(per_label, gold, pred)
            if COUNTS_KEY in reference.user_data:
                counts_total += 1
                predicted = (eg.predicted._.votes or {}).get("counts")
                counts_right += _same_counts(reference.user_data[COUNTS_KEY], predicted)
        out: dict[str, Any] = {"positions_p": None, "positions_r": None, "positions_f": None,
                               "positions_per_label": None,
                               "positions_counts_exact": counts_right / counts_total if counts_total else None}
        if seen:
            out.update(_prf_scores(per_label))
        return out

    # ---------------------------------------------------------- serialisation
    # Settings live in the config; what is serialised is the shared data files (once per pipeline).

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_shared(self, path, self.nlp.pipeline if self.nlp is not None else [])

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "PositionFinder":
        self.resources = load_shared(self, Path(path), self.nlp)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return self.resources.to_bytes()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "PositionFinder":
        self.resources = Resources.from_bytes(data)
        return self


# ------------------------------------------------------------------ where to read


def decision_region(doc: Doc, lexicon: Optional[PositionLexicon] = None) -> Optional[tuple[int, int]]:
    """(start, end) of this meeting's decision text in the Doc, or None: the `decision` span that
    `referat_sections` (or `item_doc`) marked, cut at a case-history heading inside it."""
    spans = doc.spans["decision"] if "decision" in doc.spans else []
    if not len(spans):
        return None
    region = (spans[0].start_char, spans[0].end_char)
    lexicon = lexicon or default_resources().positions
    text = doc_text(doc)
    history = lexicon.history.search(text, region[0], region[1])
    region = (region[0], history.start()) if history else region
    return this_treatment(text, region, lexicon, doc._.body)


def this_treatment(text: str, region: tuple[int, int], lexicon: PositionLexicon,
                   body: Optional[str] = None) -> tuple[int, int]:
    """The part of a decision text that is this meeting's where it holds several treatments, each led by
    a body and a date (`Økonomiudvalget den 18. august 2021: Anbefales. ... Byrådet den 26. august 2021:
    Godkendt.`; positions.json `treatment_leads`): the one naming the meeting's body, else the last; and
    where a case history runs inline before one (`Sagens forløb: ...`), only what follows it."""
    leads = list(lexicon.treatment_leads.finditer(text, region[0], region[1]))
    if len(leads) >= 2:
        named = [m for m in leads if body and body.casefold() in m.group(0).casefold()]
        k = leads.index(named[-1]) if named else len(leads) - 1
        end = leads[k + 1].start() if k + 1 < len(leads) else region[1]
        return leads[k].start(), end
    if leads and lexicon.history_inline.search(text, region[0], leads[0].start()):
        return leads[0].start(), region[1]
    return region


# ------------------------------------------------------------------ scores


def _count_prf(per_label: dict[str, PRFScore], gold: set, pred: set) -> None:
    for label, prf in per_label.items():
        g = {s for s in gold if s[2] == label}
        p = {s for s in pred if s[2] == label}
        prf.tp += len(g & p)
        prf.fp += len(p - g)
        prf.fn += len(g - p)


def _prf_scores(per_label: dict[str, PRFScore]) -> dict[str, Any]:
    total = PRFScore()
    for prf in per_label.values():
        total.tp += prf.tp
        total.fp += prf.fp
        total.fn += prf.fn
    return {
        "positions_p": total.precision, "positions_r": total.recall, "positions_f": total.fscore,
        "positions_per_label": {label: prf.to_dict() for label, prf in per_label.items() if prf.tp + prf.fp + prf.fn},
    }


def _same_counts(gold: Any, predicted: Any) -> bool:
    def norm(c: Any) -> Optional[tuple]:
        if not c:
            return None
        c = dict(c)
        if "for_" in c and "for" not in c:
            c["for"] = c["for_"]
        values = tuple(c.get(k) for k in COUNT_KEYS)
        return None if all(v is None for v in values) else values

    return norm(gold) == norm(predicted)


def _name_key(value: Any) -> Optional[str]:
    return " ".join(str(value).casefold().split()) if value else None


def score_positions(gold: Union[Sequence[Any], Mapping[Any, Any]],
                    predicted: Union[Sequence[Any], Mapping[Any, Any]], *,
                    gold_amendment_base: int = 0) -> dict[str, Any]:
    """Scores of predicted against gold `votes` (the output contract's shape), item by item.

    `gold`, `predicted`: sequences of votes dicts in the same item order, or mappings from an
    item key (e.g. (source, number)) to votes; a key missing from `predicted` counts as an item
    without positions. Offsets must be into the same text. A span may appear several times in
    gold, once per point (`point: 1`, `point: 2`): its points are the union. Returns:
    - positions_p/r/f and positions_per_label: exact spans (start, end, label);
    - actor_acc: among exact matches, the share whose name, party and party_name are all right
      (names compared without case and extra spaces; only where gold gives an actor: a gold
      position with none of name, party, party_name is not counted); party_acc: the letter alone;
    - point_acc: among exact matches, the share with the same set of points, compared by their
      numbers (`1,2,3`, `1-3` and 1, 2, 3 are the same; `2.b` is point 2);
    - amendment_acc: among exact matches, the share with the right amendment (gold indices count
      from `gold_amendment_base`: 1 where gold numbers amendments from 1);
    - counts_exact: among items with counts written in gold, the share predicted exactly;
      counts_spurious: items with counts predicted where gold has none.
    """
    if isinstance(gold, Mapping):
        keys = list(gold)
        pairs = [(gold[k], (predicted or {}).get(k) if isinstance(predicted, Mapping) else None) for k in keys]
    else:
        predicted = list(predicted)
        if len(predicted) != len(gold):
            raise ValueError(f"score_positions: {len(gold)} gold items but {len(predicted)} predicted")
        pairs = list(zip(gold, predicted))
    per_label = {label: PRFScore() for label in POSITION_LABELS}
    matched = actor_total = actor_right = party_right = point_right = amendment_right = 0
    counts_total = counts_right = counts_spurious = 0
    for g, p in pairs:
        g, p = _votes_dict(g), _votes_dict(p)
        gold_pos: dict[tuple, list[dict]] = {}
        pred_pos: dict[tuple, list[dict]] = {}
        for table, positions in ((gold_pos, g["positions"]), (pred_pos, p["positions"])):
            for x in positions:
                table.setdefault((x["start"], x["end"], x.get("position") or x.get("label")), []).append(x)
        _count_prf(per_label, set(gold_pos), set(pred_pos))
        for key in set(gold_pos) & set(pred_pos):
            a, b = gold_pos[key][0], pred_pos[key][0]
            matched += 1
            if any(a.get(k) is not None for k in ("name", "party", "party_name")):
                actor_total += 1
                party_right += a.get("party") == b.get("party")
                actor_right += (_name_key(a.get("name")) == _name_key(b.get("name"))
                                and a.get("party") == b.get("party") and a.get("party_name") == b.get("party_name"))
            point_right += (set().union(*(_point_set(x.get("point")) for x in gold_pos[key]))
                            == set().union(*(_point_set(x.get("point")) for x in pred_pos[key])))
            ga, pa = a.get("amendment"), b.get("amendment")
            amendment_right += (ga is None and pa is None) or (
                ga is not None and pa is not None and int(ga) - gold_amendment_base == int(pa))
        if g.get("counts"):
            counts_total += 1
            counts_right += _same_counts(g["counts"], p.get("counts"))
        elif _same_counts(p.get("counts"), None) is False:
            counts_spurious += 1
    out = _prf_scores(per_label)
    out.update({
        "actor_acc": actor_right / actor_total if actor_total else None,
        "party_acc": party_right / actor_total if actor_total else None,
        "point_acc": point_right / matched if matched else None,
        "amendment_acc": amendment_right / matched if matched else None,
        "matched": matched,
        "counts_exact": counts_right / counts_total if counts_total else None,
        "counts_items": counts_total,
        "counts_spurious": counts_spurious,
    })
    return out


def _votes_dict(votes: Any) -> dict[str, Any]:
    if votes is None:
        return empty_votes()
    if hasattr(votes, "model_dump"):
        votes = votes.model_dump(mode="json", by_alias=True)
    return {"counts": votes.get("counts"), "positions": list(votes.get("positions") or []),
            "amendments": list(votes.get("amendments") or [])}


def _point_set(point: Any) -> set[int]:
    """The point numbers of a point as written or normalised: `1,4,6`, `1-3`, `2.b` (-> 2), 2."""
    if point is None:
        return set()
    if isinstance(point, int):
        return {point}
    out: set[int] = set()
    for part in str(point).split(","):
        m = re.match(r"\s*(\d+)[^\d-]*(?:-\s*(\d+))?", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            out |= set(range(a, b + 1)) if 0 <= b - a < 100 else {a}
    return out
