"""Typed output of referat: the shape fixed by the output contract (v1).

These classes are the one source of the JSON Schema that `referat schema` prints
and that the tests validate output against. Fields may be added, never renamed.
"""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal["AMOUNT", "DATE", "PARTY", "PROJECT"]
DecisionType = Literal[
    "APPROVED", "RECOMMENDED", "NOTED", "REJECTED", "POSTPONED", "REFERRED", "DISCUSSED", "NONE"
]
DECISION_TYPES: tuple[str, ...] = DecisionType.__args__  # type: ignore[attr-defined]
ENTITY_LABELS: tuple[str, ...] = EntityLabel.__args__  # type: ignore[attr-defined]


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


class Decision(_Model):
    type: DecisionType
    score: float = Field(..., ge=0.0, le=1.0)
    text: Optional[str] = Field(None, description="The decision text (Beslutning) of this meeting")


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

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not include_text:
            data.pop("text", None)
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
        "title": "referat output line (contract v1)",
        "oneOf": [{"$ref": "#/$defs/Minutes"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": {**defs, "Minutes": minutes, "ErrorRecord": error},
    }
