"""How each label is shown: colours, Danish words and doccano's shortcut keys, in one place.

The labels themselves are the output contract's (`referat/schema.py`); this module gives each one
its presentation, for the rendered page (`referat render`) and the doccano projects. Every table
must cover every label of its kind: a label added to the schema without its presentation fails
at import, naming what is missing (and tests/test_labels.py fails on a copy elsewhere).
"""
from __future__ import annotations

from typing import Mapping

from referat.schema import DECISION_PRECEDENCE, DECISION_TYPES, ENTITY_LABELS, POSITION_LABELS

__all__ = ["DECISION_COLOURS", "DECISION_PRECEDENCE", "DECISION_TYPES", "DECISION_WORDS", "DOCCANO_DECISION_STYLE",
           "DOCCANO_SPAN_STYLE", "ENTITY_COLOURS", "ENTITY_LABELS", "POSITION_COLOURS", "POSITION_LABELS",
           "POSITION_WORDS"]

#: Background of an entity's mark on the rendered page.
ENTITY_COLOURS = {"AMOUNT": "#ffd966", "DATE": "#a4c2f4", "PARTY": "#f4b6c2", "PROJECT": "#b6e3b0"}
#: Badge colour and Danish word of each decision type on the rendered page.
DECISION_COLOURS = {"APPROVED": "#1e8e3e", "RECOMMENDED": "#12856e", "NOTED": "#1a73e8", "REJECTED": "#d93025",
                    "POSTPONED": "#e37400", "REFERRED": "#9334e6", "DISCUSSED": "#5f6368", "NONE": "#9aa0a6"}
DECISION_WORDS = {"APPROVED": "godkendt", "RECOMMENDED": "anbefalet", "NOTED": "taget til efterretning",
                  "REJECTED": "afvist", "POSTPONED": "udsat", "REFERRED": "oversendt", "DISCUSSED": "drøftet",
                  "NONE": "ingen beslutning"}
#: Badge colour and Danish word of each position on the rendered page.
POSITION_COLOURS = {"FOR": "#1e8e3e", "AGAINST": "#d93025", "ABSTAINED": "#80868b", "RESERVATION": "#e37400",
                    "ABSENT": "#bdc1c6", "CONFLICT_OF_INTEREST": "#9334e6"}
POSITION_WORDS = {"FOR": "for", "AGAINST": "imod", "ABSTAINED": "undlod", "RESERVATION": "forbehold",
                  "ABSENT": "fraværende", "CONFLICT_OF_INTEREST": "inhabil"}
#: (colour, shortcut key) of the label types in doccano's span and category projects.
DOCCANO_SPAN_STYLE: dict[str, tuple[str, str]] = {"AMOUNT": ("#2ca02c", "a"), "DATE": ("#1f77b4", "d"),
                                                  "PARTY": ("#d62728", "p"), "PROJECT": ("#9467bd", "j")}
DOCCANO_DECISION_STYLE: dict[str, tuple[str, str]] = {
    "APPROVED": ("#2ca02c", "a"), "RECOMMENDED": ("#98df8a", "r"), "NOTED": ("#1f77b4", "n"),
    "REJECTED": ("#d62728", "x"), "POSTPONED": ("#ff7f0e", "p"), "REFERRED": ("#9467bd", "f"),
    "DISCUSSED": ("#8c564b", "d"), "NONE": ("#7f7f7f", "0"),
}


def _covers(name: str, table: Mapping[str, object], labels: tuple[str, ...]) -> None:
    missing, extra = set(labels) - set(table), set(table) - set(labels)
    if missing or extra:
        raise ValueError(f"referat/labels.py {name}: labels missing {sorted(missing)}, unknown {sorted(extra)}")


for _name, _table, _labels in (("ENTITY_COLOURS", ENTITY_COLOURS, ENTITY_LABELS),
                               ("DOCCANO_SPAN_STYLE", DOCCANO_SPAN_STYLE, ENTITY_LABELS),
                               ("DECISION_COLOURS", DECISION_COLOURS, DECISION_TYPES),
                               ("DECISION_WORDS", DECISION_WORDS, DECISION_TYPES),
                               ("DOCCANO_DECISION_STYLE", DOCCANO_DECISION_STYLE, DECISION_TYPES),
                               ("POSITION_COLOURS", POSITION_COLOURS, POSITION_LABELS),
                               ("POSITION_WORDS", POSITION_WORDS, POSITION_LABELS)):
    _covers(_name, _table, _labels)
