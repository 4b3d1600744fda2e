"""Decision type of an agenda item: the classifier's input text and a rule classifier.

The scheme (annotation-scheme.md, "Decision type") reads what the meeting did from the
decision text (Beslutning), together with the recommendation (Indstilling) when the
decision only refers to it (`Tiltrådte indstillingen`, `Godkendt`, `Som indstillet`,
`Anbefales` ...). `decision_input` builds that text for a trained classifier;
`classify_by_rules` applies the wording in `patterns/decision_wording.json`:

1. An empty decision, or one that says `Intet`, is NONE.
2. A case history (`Sagsforløb`) inside the decision text is dropped.
3. `Tilbagesendes ... med bemærkning, at Byrådet ... har vedtaget ...` (Aarhus) is read
   for what the council adopted, not for the routing verb.
4. The decision is split into parts (`At 1: ... At 2: ...`, `Ad 1.: ...`); part N is read
   with clause N of the recommendation where both are numbered.
5. In each part, remarks (`, idet ...`, `med den bemærkning, at ...`) are cut off and
   minority positions (`X (V) kunne ikke tiltræde`, `Imod stemte ...`, `Et mindretal ...`)
   are dropped; then the ordered rules fire, each blanking what it matched.
6. An agreement (`godkendt`, `tiltrådt`, `vedtaget`, `som indstillet`) whose object is the
   recommendation takes the recommendation's type: approving a recommendation to take
   note is NOTED, agreeing to one addressed to a higher body (`at Byrådet godkender`)
   is RECOMMENDED, unless the decision's own subject is that body (`Byrådet vedtog ...`),
   `body=` names it, or the recommendation is a committee's to the council
   (`Økonomiudvalget indstiller til Byrådet, at ...`: the council is the one agreeing).
7. Several types in one item: the strongest by the scheme's precedence
   REJECTED > APPROVED > RECOMMENDED > REFERRED > POSTPONED > NOTED > DISCUSSED > NONE.
8. Competence (`patterns/competence.json`): where a body higher than the meeting's decides
   the matter (`competence_of`: a `Beslutningskompetence`/`Kompetence`/`Sagen afgøres i`
   section naming it, or the routing of the title, `EBU/ØU/KB - ...`), the meeting's
   agreement (`Tiltrådte indstillingen`, `Godkendt`) is not final: RECOMMENDED. A
   recommendation to take note stays NOTED; explicit wording (rejected, postponed,
   referred, `bevilget`) keeps its type; a decision whose subject is the deciding body
   (`Byrådet godkendte ...`) is that body's own, APPROVED.

9. Read from annotations/GUIDELINES.md §7 and E-T6..E-T17: a decision of only the
   signatories' names is NONE; `Byrådet godkendte Økonomiudvalgets indstilling` where the
   item shows another author's recommendation is not read through it (E-T12); a body's own
   decision beside an orientation (`Udvalget beslutter, at ...`) counts; `anbefaler` with no
   higher body to receive it is not a recommendation (E-T16); what someone told the meeting
   (`Administrationen orienterede om, at ...`), indirect questions and exhortations set no
   label; a decision that sends the matter on (`sagen forelægges Byrådet`) names its decider.

Scores: 1.0 for an empty decision, about 0.95 for explicit wording, 0.9 for an
agreement resolved through an explicit recommendation, 0.8 when the recommendation's
type is only the default (a proposal is approved when agreed to), 0.7 for weak wording,
0.5 when nothing in the decision matched and the recommendation decided, 0.3 otherwise.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Optional

from referat.corpus.structure import attendance_only
from referat.pipeline.decision_competence import COMPETENCE_FILE, competence_of, decides_above, rank_of
from referat.pipeline.decision_parts import (
    S_EMPTY, S_EXPLICIT, S_FALLBACK, S_UNKNOWN, _classify_part, _names_only, _read_part, _rec_type,
    classify_recommendation, strongest,
)
from referat.pipeline.decision_text import _split_parts, _strip_history
from referat.pipeline.decision_wording import WORDING_FILE, body_kind, load_wording, normalise
from referat.schema import DECISION_PRECEDENCE, DECISION_TYPES

# The texts made ready for the rules live in decision_text.py, the reading of one part and of
# the recommendation in decision_parts.py; the names above keep them importable from here.
__all__ = [
    "DECISION_TYPES",
    "DecisionContext",
    "PRECEDENCE",
    "decision_data",
    "RECOMMENDATION_MARKER",
    "EMPTY_DECISION",
    "COMPETENCE_MARKER",
    "competence_of",
    "decision_input",
    "split_decision_input",
    "classify_by_rules",
    "classify_recommendation",
    "refers_to_recommendation",
    "strongest",
]

#: The line that separates the decision from the recommendation in `decision_input`.
RECOMMENDATION_MARKER = "[INDSTILLING]"
#: The classifier input for an item with no decision text at all.
EMPTY_DECISION = "[INGEN BESLUTNINGSTEKST]"
#: Starts the line of `decision_input` naming a higher body that decides the matter.
COMPETENCE_MARKER = "[KOMPETENCE]"

PRECEDENCE = DECISION_PRECEDENCE


@contextmanager
def decision_data(wording: Optional[str], competence: Optional[str]) -> Iterator[None]:
    """Read decisions with these data files (a saved pipeline's own) inside the `with` block;
    outside it, the packaged files."""
    tokens = WORDING_FILE.set(wording), COMPETENCE_FILE.set(competence)
    try:
        yield
    finally:
        WORDING_FILE.reset(tokens[0])
        COMPETENCE_FILE.reset(tokens[1])


# --------------------------------------------------------------------------- public API


def refers_to_recommendation(decision_text: Optional[str]) -> bool:
    """Whether the decision only refers to the recommendation (`Tiltrådte indstillingen`,
    `Godkendt`, `At 1: Godkendt.`, `Som indstillet`, `Anbefales`, `Ingen bemærkninger`)."""
    text = _strip_history(normalise(decision_text))
    if not text:
        return False
    w = load_wording()
    m = w.returned_adopted.search(text)
    if m:
        text = m.group("content")
    return any(_read_part(p).refers for _, p in _split_parts(text))


def _pop_competence(text: str) -> tuple[str, Optional[str]]:
    """Take a `[KOMPETENCE] <body>` line out of a text: (text without it, body)."""
    found: Optional[str] = None
    keep: list[str] = []
    for line in text.split("\n"):
        if line.strip().startswith(COMPETENCE_MARKER):
            found = line.strip()[len(COMPETENCE_MARKER):].strip() or found
        else:
            keep.append(line)
    return "\n".join(keep).strip(), found


def decision_input(
    decision_text: Optional[str],
    recommendation_text: Optional[str],
    competence: Optional[str] = None,
    *,
    body: Optional[str] = None,
) -> str:
    """The text the decision classifier reads.

    The decision text; where a body higher than the meeting's decides the matter
    (`competence`: a body's name or a competence section's text, kept only where
    `competence_of` finds it higher than `body`), a line `[KOMPETENCE] <body>` follows;
    where the decision only refers to the recommendation, the recommendation follows
    after a line holding `RECOMMENDATION_MARKER`. An item with no decision text gives
    `EMPTY_DECISION`. Without a (higher) competence the output is as before. A
    `[KOMPETENCE] <body>` line already in `decision_text` is read as the competence and
    put back in its place, so a rebuild from a decision text that carries the line (the
    synthetic rows' `decision_text`) keeps it.
    """
    decision = normalise(decision_text)
    if not decision:
        return EMPTY_DECISION
    decision, marked = _pop_competence(decision)
    higher = competence_of(None, competence or marked, body) if (competence or marked) else None
    if not decision:
        return EMPTY_DECISION
    head = f"{decision}\n{COMPETENCE_MARKER} {higher}" if higher else decision
    rec = normalise(recommendation_text)
    if rec and refers_to_recommendation(decision):
        return f"{head}\n{RECOMMENDATION_MARKER}\n{rec}"
    return head


def split_decision_input(text: str, with_competence: bool = False):
    """Inverse of `decision_input`: (decision_text, recommendation_text), or with
    `with_competence=True` (decision_text, recommendation_text, competence) where
    competence is the body of the `[KOMPETENCE]` line (None without one)."""
    if text is None or text.strip() == EMPTY_DECISION:
        return (None, None, None) if with_competence else (None, None)
    marker = f"\n{RECOMMENDATION_MARKER}\n"
    d, r = (text.split(marker, 1) if marker in text else (text, None))
    d, competence = _pop_competence(d) if COMPETENCE_MARKER in d else (d, None)
    return (d, r, competence) if with_competence else (d, r)


def classify_by_rules(
    decision_text: Optional[str],
    recommendation_text: Optional[str],
    body: Optional[str] = None,
    competence: Optional[str] = None,
    *,
    title: Optional[str] = None,
) -> tuple[str, float]:
    """Decision type and a score in [0, 1] by the wording rules.

    `body` (optional) names the body that met (`Byrådet`, `Økonomiudvalget`): a
    recommendation addressed to that body is then its own decision, not a
    recommendation onwards. Without it, a decision whose subject is a council
    (`Byrådet vedtog ...`) is read the same way.

    `competence` (optional) is the body that decides the matter, or a competence
    section's text; without it, `title` (optional) is read for a routing
    (`EBU/ØU/KB - ...`), see `competence_of`. A `[KOMPETENCE] <body>` line in the decision
    text (from `decision_input`) counts too. Where that body is higher than the
    meeting's, agreeing to or approving the recommendation is RECOMMENDED (0.9).
    """
    w = load_wording()
    decision = _strip_history(normalise(decision_text))
    if not decision or decision == EMPTY_DECISION or attendance_only(decision_text or ""):
        return "NONE", S_EMPTY  # nothing, or only who was away (`Afbud: X` on a signature sheet)
    if _names_only(decision):
        return "NONE", S_EXPLICIT  # only the names of the signatories (E-T6)
    if COMPETENCE_MARKER in decision:
        decision, marked = _pop_competence(decision)
        competence = competence or marked
        if not decision:
            return "NONE", S_EMPTY
    if competence:
        decider = competence_of(None, competence, body)
    elif title:
        decider = competence_of(title, None, body)
    else:
        decider = None
    onward = w.onward.search(decision) if not decider else None
    if onward:  # `med den bemærkning, at sagen forelægges Byrådet`: a higher body decides
        decider = competence_of(None, onward.group("body"), body)
    decider_rank = rank_of(decider, " ".join(x for x in (body, title) if x)) if decider else None
    rec = normalise(recommendation_text)
    self_kind = body_kind(body)
    if self_kind is None and rec:
        # `Økonomiudvalget indstiller til Byrådet, at ...`: a committee's recommendation to the
        # council is read (and agreed to) by the council itself
        author = w.council_author.match(rec)
        if author and body_kind(author.group("body")) == "council":
            self_kind = "council"

    m = w.returned_adopted.search(decision)
    if m:  # Tilbagesendes ... med bemærkning, at Byrådet ... har vedtaget ...
        decision = m.group("content")
        self_kind = body_kind(m.group("body")) or "council"

    results: list[tuple[str, float]] = []
    for number, part in _split_parts(decision):
        label, score = _classify_part(part, rec, number, self_kind, decider_rank)
        if label:
            results.append((label, score))
    if results:
        best = strongest([t for t, _ in results])
        return best, max(s for t, s in results if t == best)
    if rec:  # nothing in the decision matched: what was recommended, with low confidence
        label, _ = _rec_type(rec, self_kind, None)
        if label == "APPROVED" and decides_above(decider_rank, self_kind):
            label = "RECOMMENDED"
        if label:
            return label, S_FALLBACK
    return "NONE", S_UNKNOWN


COMPETENCE_HEADINGS = ("Beslutningskompetence",)


@dataclass(frozen=True)
class DecisionContext:
    """Everything about an agenda item that its decision type is read from.

    The one way the extractor, the gold converter, the evaluation and the doccano
    pre-annotation build the classifier input and the rule decision, so that they
    cannot drift apart.
    """

    decision_text: Optional[str]
    recommendation_text: Optional[str]
    title: Optional[str] = None
    competence_text: Optional[str] = None
    body: Optional[str] = None

    @classmethod
    def from_item(cls, item: Any, text: str, body: Optional[str] = None) -> "DecisionContext":
        """From an ingested item (`referat.corpus.ParsedItem`) of the document `text`."""
        competence = None
        for section in getattr(item, "sections", None) or []:
            if getattr(section, "canonical", None) in COMPETENCE_HEADINGS:
                competence = text[section.body_start:section.end].strip() or None
                break
        return cls(getattr(item, "decision_text", None), getattr(item, "recommendation_text", None),
                   getattr(item, "title", None), competence, body)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "DecisionContext":
        """From a gold decision record (annotations/gold/decisions.jsonl)."""
        return cls(record.get("decision_text"), record.get("recommendation_text"), record.get("title"),
                   record.get("competence_text"), record.get("body"))

    def competence(self) -> Optional[str]:
        """The deciding body where it is higher than the meeting's, else None."""
        return competence_of(self.title, self.competence_text, self.body)

    def classifier_input(self) -> str:
        return decision_input(self.decision_text, self.recommendation_text, self.competence(), body=self.body)

    def classify(self) -> tuple[str, float]:
        return classify_by_rules(self.decision_text, self.recommendation_text, body=self.body,
                                 competence=self.competence(), title=self.title)
