"""`referat_normaliser`: sets `Span._.value` on every entity in `doc.ents`
from its label and text (see `normalise`), using `Doc._.meeting_date` for
dates written without a year.

Settings:
- `overwrite` (bool, default true): recompute values already set.
- `infer_meeting_date` (bool, default true): where `Doc._.meeting_date` is
  None, take the first full date (`yyyy-mm-dd`) among the entities in the
  first `meeting_date_window` characters of the text (the header of minutes
  names the meeting's date first) and store it in `Doc._.meeting_date`.
- data file paths as in `referat_entity_rules` (null: the packaged files).
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401
from . import lexicon as lx
from .normalise import normalise_amount, normalise_date, normalise_party, normalise_project


@Language.factory(
    "referat_normaliser",
    default_config={
        "overwrite": True,
        "infer_meeting_date": True,
        "meeting_date_window": 600,
        **lx.DATA_PATH_SETTINGS,
    },
)
def make_normaliser(
    nlp: Language,
    name: str,
    overwrite: bool,
    infer_meeting_date: bool,
    meeting_date_window: int,
    amounts_path: str | None,
    dates_path: str | None,
    projects_path: str | None,
    parties_path: str | None,
    organisations_path: str | None,
    places_path: str | None,
    names_path: str | None,
):
    return Normaliser(
        name,
        overwrite=overwrite,
        infer_meeting_date=infer_meeting_date,
        meeting_date_window=meeting_date_window,
        paths={
            "amounts": amounts_path,
            "dates": dates_path,
            "projects": projects_path,
            "parties": parties_path,
            "organisations": organisations_path,
            "places": places_path,
            "names": names_path,
        },
    )


class Normaliser:
    def __init__(
        self,
        name: str = "referat_normaliser",
        *,
        overwrite: bool = True,
        infer_meeting_date: bool = True,
        meeting_date_window: int = 600,
        paths: dict | None = None,
    ):
        self.name = name
        self.overwrite = overwrite
        self.infer_meeting_date = infer_meeting_date
        self.meeting_date_window = meeting_date_window
        self.paths = {k: (str(v) if v else None) for k, v in (paths or {}).items()}
        p = self.paths.get
        self.gazetteer = lx.gazetteer(p("parties"), p("organisations"), p("places"), p("names"))

    def value(self, label: str, text: str, meeting_date: date | None) -> dict | None:
        p = self.paths.get
        if label == "AMOUNT":
            return normalise_amount(text, p("amounts"))
        if label == "DATE":
            return normalise_date(text, meeting_date, p("dates"))
        if label == "PARTY":
            return normalise_party(text, self.gazetteer)
        if label == "PROJECT":
            return normalise_project(text, p("projects"))
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
            v = normalise_date(ent.text, None, self.paths.get("dates"))
            if v and len(v["iso"]) == 10 and not v.get("year_missing"):
                return date.fromisoformat(v["iso"])
        return None

    # the data files travel with a saved pipeline, as in referat_entity_rules
    def to_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for kind in lx.DEFAULT_FILES:
            with open(path / f"{kind}.json", "w", encoding="utf8") as f:
                json.dump(lx.load(kind, self.paths.get(kind)), f, ensure_ascii=False, indent=1)

    def from_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        for kind in lx.DEFAULT_FILES:
            if (path / f"{kind}.json").exists():
                self.paths[kind] = str(path / f"{kind}.json")
        p = self.paths.get
        self.gazetteer = lx.gazetteer(p("parties"), p("organisations"), p("places"), p("names"))
        return self
