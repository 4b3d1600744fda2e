"""`referat_normaliser`: sets `Span._.value` on every entity in `doc.ents`
from its label and text (see `normalise`), using `Doc._.meeting_date` for
dates written without a year.

Settings:
- `overwrite` (bool, default true): recompute values already set.
- `infer_meeting_date` (bool, default true): where `Doc._.meeting_date` is
  None, take the first full date (`yyyy-mm-dd`) among the entities in the
  first `meeting_date_window` characters of the text (the header of minutes
  names the meeting's date first) and store it in `Doc._.meeting_date`.
- `resources`: the shared data files, as in `referat_entity_rules`.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from referat.pipeline import extensions  # noqa: F401
from referat.pipeline.normalise import normalise_amount, normalise_date, normalise_party, normalise_project
from referat.pipeline.resources import Resources, default_resources, load_shared, save_shared


#: How many distinct entity values a normaliser keeps at once (then it starts afresh).
VALUE_CACHE_SIZE = 20_000


@Language.factory(
    "referat_normaliser",
    default_config={
        "overwrite": True,
        "infer_meeting_date": True,
        "meeting_date_window": 600,
        "resources": {"@misc": "referat.resources.v1", "path": None},
    },
)
def make_normaliser(
    nlp: Language,
    name: str,
    overwrite: bool,
    infer_meeting_date: bool,
    meeting_date_window: int,
    resources: Resources,
) -> "Normaliser":
    return Normaliser(nlp, name, overwrite=overwrite, infer_meeting_date=infer_meeting_date,
                      meeting_date_window=meeting_date_window, resources=resources)


class Normaliser:
    """Values for entities (see the module doc)."""

    def __init__(
        self,
        nlp: Optional[Language] = None,
        name: str = "referat_normaliser",
        *,
        overwrite: bool = True,
        infer_meeting_date: bool = True,
        meeting_date_window: int = 600,
        resources: Resources | None = None,
    ):
        self.nlp = nlp
        self.name = name
        self.overwrite = overwrite
        self.infer_meeting_date = infer_meeting_date
        self.meeting_date_window = meeting_date_window
        self.resources = resources or default_resources()

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn: values come from the data files."""

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Share of predicted entities, matching a gold entity exactly, whose value equals the gold value
        (where the gold doc carries values in `Span._.value`)."""
        right = total = 0
        for eg in examples:
            gold = {(e.start_char, e.end_char, e.label_): e._.value for e in eg.reference.ents if e._.value is not None}
            for ent in eg.predicted.ents:
                key = (ent.start_char, ent.end_char, ent.label_)
                if key in gold:
                    total += 1
                    right += ent._.value == gold[key]
        return {"value_acc": right / total if total else None}

    @property
    def resources(self) -> Resources:
        return self._resources

    @resources.setter
    def resources(self, resources: Resources) -> None:
        self._resources = resources
        self._values: dict[tuple, dict | None] = {}  # values follow the data files: new files, new values

    def value(self, label: str, text: str, meeting_date: date | None) -> dict | None:
        """The value of an entity, computed once per label, text and meeting date while the pipeline
        lives (the same names, sums and dates recur in item after item); a copy for each entity."""
        key = (label, text, meeting_date)
        if key not in self._values:
            if len(self._values) >= VALUE_CACHE_SIZE:
                self._values.clear()
            self._values[key] = self._compute(label, text, meeting_date)
        found = self._values[key]
        return dict(found) if found is not None else None

    def _compute(self, label: str, text: str, meeting_date: date | None) -> dict | None:
        if label == "AMOUNT":
            return normalise_amount(text, self.resources)
        if label == "DATE":
            return normalise_date(text, meeting_date, self.resources)
        if label == "PARTY":
            return normalise_party(text, self.resources.gazetteer)
        if label == "PROJECT":
            return normalise_project(text, self.resources)
        return None

    def __call__(self, doc: Doc) -> Doc:
        meeting = doc._.meeting_date
        if meeting is None and self.infer_meeting_date:
            meeting = self.find_meeting_date(doc)
            doc._.meeting_date = meeting
        # abbreviations the rules resolved within this document (`CJS` ->
        # `Center for Job og Social`; `JAI` -> a committee known only by it)
        aliases = doc.user_data.get("referat_aliases", {})
        alias_kinds = doc.user_data.get("referat_alias_kinds", {})
        for ent in doc.ents:
            if ent._.value is not None and not self.overwrite:
                continue
            text = ent.text
            if ent.label_ == "PARTY":
                base = re.sub(r"(?:'s|’s)$", "", text)
                if text in aliases or base in aliases:
                    text = aliases.get(text) or aliases[base]
                elif base in alias_kinds:
                    ent._.value = {"name": base, "kind": alias_kinds[base]}
                    continue
            ent._.value = self.value(ent.label_, text, meeting)
        return doc

    def pipe(self, stream, batch_size: int = 128):
        for doc in stream:
            yield self(doc)

    def find_meeting_date(self, doc: Doc) -> date | None:
        for ent in doc.ents:
            if ent.start_char > self.meeting_date_window:
                break
            if ent.label_ != "DATE":
                continue
            v = normalise_date(ent.text, None, self.resources)
            if v and len(v["iso"]) == 10 and not v.get("year_missing"):
                return date.fromisoformat(v["iso"])
        return None

    # ---------------------------------------------------------- serialisation
    # Settings live in the config; what is serialised is the data files (once per pipeline).

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_shared(self, path, self.nlp.pipeline if self.nlp is not None else [])

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "Normaliser":
        self.resources = load_shared(self, Path(path), self.nlp)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return self.resources.to_bytes()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "Normaliser":
        self.resources = Resources.from_bytes(data)
        return self
