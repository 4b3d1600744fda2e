"""Which Greve items to annotate: a stratified sample of meetings plus rare decision wording.

    referat annotate sample ../shared/corpus/greve annotations/greve/decision_sample.jsonl

Every item of a seeded sample of meetings, drawn one per body and year in turn (all 9
bodies x 4 years) until the meetings hold `MEETING_ITEMS` items, then the items of the other meetings whose decision uses
wording the scheme's rarer types are written in (`RARE_WORDING`), at most
`RARE_PER_WORD` per word. The sample names items only (file, item id, number, why):
no text of the archive is stored.
"""
from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path
from typing import Iterator

MEETING_ITEMS = 650
RARE_PER_WORD = 60
RARE_WORDING = (
    "udsat", "udsættes", "trukket", "afvist", "afviser", "ikke godkendt", "kan ikke godkende", "oversendes",
    "henvises", "henvist", "drøftet", "drøftede", "tilbagesendes", "sendes tilbage", "anbefales ikke",
    "kunne ikke anbefale", "forkastet", "faldt", "ikke anbefale",
)
_TAG = re.compile(r"<[^>]+>")
_H3 = re.compile(r"(?is)<h3[^>]*>(.*?)</h3>")


def plain(markup: str) -> str:
    """The text of an item's HTML, one line per block (for sampling and annotators' views only)."""
    markup = re.sub(r"(?i)<(?:/p|br\s*/?|/h\d|/li|/tr|/div)>", "\n", markup)
    text = html.unescape(_TAG.sub(" ", markup)).replace("\xa0", " ")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines() if line.strip())


def sections(markup: str) -> dict[str, str]:
    """Heading -> text of an item's HTML, split at its <h3> headings ("" for text before the first)."""
    out: dict[str, str] = {}
    pieces = _H3.split(markup)
    out[""] = plain(pieces[0])
    for i in range(1, len(pieces), 2):
        heading = re.sub(r"\s+", " ", plain(pieces[i])).strip()
        out.setdefault(heading, plain(pieces[i + 1]))
    return out


def items(corpus: Path) -> Iterator[tuple[dict, dict, dict]]:
    """(manifest record, meeting JSON, item JSON) for every item of the archive."""
    for record in json.loads((corpus / "manifest.json").read_text(encoding="utf-8")):
        meeting = json.loads((corpus / record["file"]).read_text(encoding="utf-8"))
        for item in meeting.get("Dagsordenpunkter") or []:
            yield record, meeting, item


def decision_of(item: dict) -> str:
    markup = "".join(f.get("Html") or "" for f in item.get("Felter") or [])
    return sections(markup).get("Beslutning", "")


def sample(corpus: Path, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    records = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    strata: dict[tuple[str, str], list[dict]] = {}
    for r in records:
        strata.setdefault((r["body"], r["date"][:4]), []).append(r)
    queues = {key: rng.sample(sorted(group, key=lambda r: r["file"]), len(group)) for key, group in strata.items()}
    chosen: set[str] = set()
    total = 0
    while total < MEETING_ITEMS and any(queues.values()):
        for key in sorted(queues):
            if queues[key] and total < MEETING_ITEMS:
                r = queues[key].pop()
                chosen.add(r["file"])
                total += r["items"]
    out: list[dict] = []
    rare_count = {w: 0 for w in RARE_WORDING}
    for record, meeting, item in items(corpus):
        ref = {"file": f"greve/{record['file']}", "item_id": item["Id"], "number": str(item.get("Number") or "")}
        if record["file"] in chosen:
            out.append({**ref, "why": "meeting"})
            continue
        decision = decision_of(item).lower()
        for word in RARE_WORDING:
            if rare_count[word] < RARE_PER_WORD and re.search(rf"\b{re.escape(word)}\b", decision):
                rare_count[word] += 1
                out.append({**ref, "why": f"wording:{word}"})
                break
    return out


#: Whole meetings annotated for entities and positions: this many per body, spread over the years.
ENTITY_MEETINGS_PER_BODY = 3
#: Meetings of a size an annotator reads whole (words in the FirstAgenda JSON's item HTML).
ENTITY_MEETING_WORDS = (1500, 12000)


def entity_meetings(corpus: Path, seed: int = 0) -> list[str]:
    """Meetings (manifest `file`s) for full entity and position annotation: per body, one from
    each of `ENTITY_MEETINGS_PER_BODY` different years, preferring meetings in the decision sample."""
    rng = random.Random(seed)
    in_sample = {r["file"].split("/", 1)[1] for r in sample(corpus, seed) if r["why"] == "meeting"}
    by_body: dict[str, list[dict]] = {}
    for record in json.loads((corpus / "manifest.json").read_text(encoding="utf-8")):
        meeting = json.loads((corpus / record["file"]).read_text(encoding="utf-8"))
        words = sum(len(plain(f.get("Html") or "").split())
                    for item in meeting.get("Dagsordenpunkter") or [] for f in item.get("Felter") or [])
        if ENTITY_MEETING_WORDS[0] <= words <= ENTITY_MEETING_WORDS[1] and record.get("items_with_decision"):
            by_body.setdefault(record["body"], []).append(record)
    chosen: list[str] = []
    for index, body in enumerate(sorted(by_body)):
        years = sorted({r["date"][:4] for r in by_body[body]})
        rng.shuffle(years)
        for year in years[:ENTITY_MEETINGS_PER_BODY]:
            group = sorted((r for r in by_body[body] if r["date"][:4] == year), key=lambda r: r["file"])
            preferred = [r for r in group if r["file"] in in_sample] or group
            chosen.append(rng.choice(preferred)["file"])
    return sorted(chosen)


def write_sample(corpus: Path, output: Path, seed: int = 0) -> list[dict]:
    rows = sample(corpus, seed)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows
