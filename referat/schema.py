"""Typed output of referat: the shape fixed by the output contract (v1.1: items gain `votes`; added here,
meaning unchanged: an entity found by the trained names model carries its probability as `score`).

These classes are the one source of the JSON Schema that `referat schema` prints
and that the tests validate output against. Fields may be added, never renamed.
The labels (entity labels, decision types and their precedence, position labels) are
defined here once; every other module imports them (tests/test_labels.py checks).
"""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal["AMOUNT", "DATE", "PARTY", "PROJECT"]
DecisionType = Literal[
    "APPROVED", "RECOMMENDED", "NOTED", "REJECTED", "POSTPONED", "REFERRED", "DISCUSSED", "NONE"
]
PositionLabel = Literal["FOR", "AGAINST", "ABSTAINED", "RESERVATION", "ABSENT", "CONFLICT_OF_INTEREST"]
AmendmentOutcome = Literal["APPROVED", "REJECTED"]
DECISION_TYPES: tuple[str, ...] = DecisionType.__args__  # type: ignore[attr-defined]
ENTITY_LABELS: tuple[str, ...] = EntityLabel.__args__  # type: ignore[attr-defined]
POSITION_LABELS: tuple[str, ...] = PositionLabel.__args__  # type: ignore[attr-defined]
#: Which decision type wins where an item's decision text reads as several (a rejection
#: outranks an approval in the same text, anything outranks NONE).
DECISION_PRECEDENCE: tuple[str, ...] = (
    "REJECTED", "APPROVED", "RECOMMENDED", "REFERRED", "POSTPONED", "NOTED", "DISCUSSED", "NONE",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Model):
    """A member present or absent, with the party letter printed after the name."""

    name: str
    party: Optional[str] = None


class Meeting(_Model):
    body: Optional[str] = Field(None, description="Committee or council, null if not found")
    date: Optional[str] = Field(None, description="ISO date of the meeting")
    start_time: Optional[str] = Field(None, description="HH:MM")
    location: Optional[str] = None
    participants: list[Person] = Field(default_factory=list)
    absent: list[Person] = Field(default_factory=list)


class Section(_Model):
    heading: str
    start: int = Field(..., description="Offset of the section (heading included) in the ingested text")
    end: int


class Entity(_Model):
    label: EntityLabel
    text: str
    start: int
    end: int
    section: Optional[str] = Field(None, description="Heading of the section holding the entity")
    value: Optional[dict[str, Any]] = Field(None, description="Normalised value, per the annotation scheme")
    score: Optional[float] = Field(None, ge=0.0, le=1.0, description=(
        "The trained names model's probability where the model found the entity (added in v1.2); "
        "null where the rules found it"))


class Decision(_Model):
    type: DecisionType
    score: float = Field(..., ge=0.0, le=1.0)
    text: Optional[str] = Field(None, description="The decision text (Beslutning) of this meeting")


class VoteCounts(_Model):
    """Counts as written (`Med stemmerne 19 for og 1 imod`); null where a number is not written."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    for_: Optional[int] = Field(None, alias="for", ge=0, description="Votes for, as written")
    against: Optional[int] = Field(None, ge=0, description="Votes against, as written")
    abstained: Optional[int] = Field(None, ge=0, description="Abstentions, as written")


class Actor(_Model):
    """Who proposed an amendment: a person, a party, or a person with a party letter."""

    name: Optional[str] = Field(None, description="The person, or null for a party")
    party: Optional[str] = Field(None, description="The list letter (SF -> F); null outside any party (UP, UFP)")
    party_name: Optional[str] = Field(None, description="The party's canonical name")


class Position(_Model):
    """What one actor did about this meeting's decision (annotation scheme v1.1, Positions)."""

    position: PositionLabel
    name: Optional[str] = Field(None, description="The person, or null for a party")
    party: Optional[str] = Field(None, description="The list letter (SF -> F); null outside any party (UP, UFP)")
    party_name: Optional[str] = Field(None, description="The party's canonical name, or null")
    point: Optional[str] = Field(None, description="The recommendation point it concerns as numbered "
                                 "(`2`, `3.b`, `1-4`, `1,4,6`); null for the whole item")
    amendment: Optional[int] = Field(None, ge=0, description="0-based index into `amendments` where it concerns one")
    text: str = Field(..., description="The actor as written (`V` for `(V)`)")
    start: int = Field(..., description="Offset of the actor in the ingested text")
    end: int


class Amendment(_Model):
    """An amendment (ændringsforslag) to this meeting's decision."""

    proposed_by: list[Actor] = Field(default_factory=list)
    outcome: Optional[AmendmentOutcome] = Field(None, description="As written; null where none is written")
    start: int = Field(..., description="Offset where the amendment is proposed in the ingested text")
    end: int = Field(..., description="Offset where the text about it (its votes, its outcome) ends")
    counts: Optional[VoteCounts] = Field(None, description="Counts written for the amendment, if any")
    point: Optional[str] = Field(None, description="The recommendation point it amends, where written")


class Votes(_Model):
    """Who voted how on the item (contract v1.1)."""

    counts: Optional[VoteCounts] = Field(None, description="Counts of the item's decision as written; null if none")
    positions: list[Position] = Field(default_factory=list)
    amendments: list[Amendment] = Field(default_factory=list)


class Item(_Model):
    number: Optional[int] = Field(None, description="Item number as printed")
    title: str
    case_number: Optional[str] = None
    closed: bool = False
    decision: Decision
    sections: list[Section] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    start: Optional[int] = Field(None, description="Offset where the item begins in the ingested text")
    end: Optional[int] = None
    votes: Votes = Field(default_factory=Votes, description="Positions, counts and amendments (contract v1.1)")


class Pipeline(_Model):
    name: str
    version: str


class Minutes(_Model):
    """One document's extraction: what `extract()` returns."""

    source: str
    meeting: Meeting = Field(default_factory=Meeting)
    items: list[Item] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline: Pipeline
    text: Optional[str] = Field(None, description="The ingested text; only with --include-text")
    sha256: Optional[str] = Field(None, description="SHA-256 of the input file's bytes; written by `referat extract` "
                                  "for files (what --resume compares)")

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not include_text:
            data.pop("text", None)
        if data.get("sha256") is None:
            data.pop("sha256", None)
        return data


class ErrorInfo(_Model):
    type: str
    message: str


class ErrorRecord(_Model):
    """The line written for a document that could not be read."""

    source: str
    error: ErrorInfo


def json_schema() -> dict[str, Any]:
    """JSON Schema of one output line: a Minutes object or an error record."""
    minutes = Minutes.model_json_schema()
    error = ErrorRecord.model_json_schema()
    defs = {**minutes.pop("$defs", {}), **error.pop("$defs", {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "referat output line (contract v1.1)",
        "oneOf": [{"$ref": "#/$defs/Minutes"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": {**defs, "Minutes": minutes, "ErrorRecord": error},
    }
