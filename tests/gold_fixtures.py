"""Small hand-made gold corpora for the gold-data tests (no dependence on the real passes)."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from referat.annotations.gold import build_records, renumber, write_jsonl

# doc id -> municipality; five documents in four municipalities, like the seed corpus
DOCS = {
    "alpha-2024": "Albertslund Kommune",
    "alpha-2019": "Albertslund Kommune",
    "lejre-2023": "Lejre Kommune",
    "herlev-2025": "Herlev Kommune",
    "slagelse-2024": "Slagelse Kommune",
}

TEMPLATE = (
    "REFERAT Arbejdsmarkedsudvalget {date}\n\n"
    "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt\n\n"
    "Punkt 2: Status på IPS-projektet\n\nBeslutning\n\nTaget til efterretning.\n\n"
    "Indstilling\n\nat STAR giver 1.500 kr. til \"Klar parat job\" i 2024.\n\n"
    "Underskrift\n"
)


def make_doc(doc_id: str, date: str = "18. marts 2024") -> tuple[str, SimpleNamespace, list[tuple[int, int, str]]]:
    """(text, an ingested-like document, gold spans in document offsets)."""
    text = TEMPLATE.format(date=date)
    p1 = text.index("Punkt 1")
    p2 = text.index("Punkt 2")
    trailer = text.index("Underskrift")
    items = [
        SimpleNamespace(number=1, start=p1, end=p2 - 2, decision_text="Godkendt", recommendation_text=None),
        SimpleNamespace(number=2, start=p2, end=trailer - 2, decision_text="Taget til efterretning.",
                        recommendation_text="at STAR giver 1.500 kr. til \"Klar parat job\" i 2024."),
    ]
    ingested = SimpleNamespace(text=text, items=items, header=(0, p1), trailer=(trailer, len(text)))

    def at(surface: str, label: str, nth: int = 1) -> tuple[int, int, str]:
        starts = [m.start() for m in re.finditer(re.escape(surface), text)]
        s = starts[nth - 1]
        return (s, s + len(surface), label)

    spans = [
        at("Arbejdsmarkedsudvalget", "PARTY"), at(date, "DATE"), at("IPS-projektet", "PROJECT"),
        at("STAR", "PARTY"), at("1.500 kr.", "AMOUNT"), at("Klar parat job", "PROJECT"), at("2024", "DATE", 2 if "2024" in date else 1),
    ]
    return text, ingested, sorted(spans)


def make_gold(gold_dir: Path, docs: dict[str, str] = DOCS, decisions=None) -> tuple[list[dict], list[dict]]:
    """Write entities.jsonl and decisions.jsonl for the hand-made documents; return the records."""
    ents_all, decs_all = [], []
    decisions = decisions or {1: "APPROVED", 2: "NOTED"}
    for doc_id, muni in docs.items():
        text, ingested, spans = make_doc(doc_id)
        ents, decs = build_records(doc_id, text, spans, decisions, ingested=ingested, municipality=muni)
        ents_all += ents
        decs_all += decs
    renumber(ents_all)
    renumber(decs_all)
    write_jsonl(gold_dir / "entities.jsonl", ents_all)
    write_jsonl(gold_dir / "decisions.jsonl", decs_all)
    return ents_all, decs_all
