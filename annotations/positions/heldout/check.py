"""Validate the held-out positions files in this folder.

    python annotations/positions/heldout/check.py [FOLDER]

Checks every `<family>.jsonl`: the record shape, ids, character offsets
(text[start:end] == span), labels, point and amendment references, that a
person's party letter agrees with the meeting's member list, counts and
amendments. Where spaCy is importable it also checks that no span starts or
ends inside a `spacy.blank("da")` token. Exit status 0 when all is well,
1 with one line per problem otherwise.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

LABELS = {"FOR", "AGAINST", "ABSTAINED", "RESERVATION", "ABSENT", "CONFLICT_OF_INTEREST"}
OUTCOMES = {"APPROVED", "REJECTED", None}
NATIONAL = set("ABCDFIKMOVÆØÅ")
FAMILIES = {"protocol_tables", "narrative_votes", "group_statements", "attendance_forms",
            "counts_and_procedure", "no_positions_hard"}
KEYS = {"id", "family", "synthetic", "written_by", "municipality", "body", "meeting_date",
        "members", "text", "positions", "counts", "amendments"}
OPTIONAL = {"local_lists"}
POS_KEYS = {"label", "start", "end", "text", "name", "party", "point", "amendment"}
EDGE = " \t\n.,;:!?()[]{}\"'»«–-|"
BRACKET_LETTER = re.compile(r"^(.*\S) \(([A-Za-zÆØÅæøå]{1,2})\)$")


def tokenizer():
    try:
        import spacy  # noqa: PLC0415
    except Exception:  # pragma: no cover - spaCy is optional here
        return None
    return spacy.blank("da")


def check_record(rec, family, where, nlp, seen_ids):
    errs = []

    def err(msg):
        errs.append(f"{where}: {msg}")

    keys = set(rec)
    if not KEYS <= keys or keys - KEYS - OPTIONAL:
        err(f"keys {sorted(keys ^ KEYS)} differ from the record shape")
        return errs
    rid = rec["id"]
    if not re.fullmatch(rf"heldout-{re.escape(family)}-\d\d", rid):
        err(f"id {rid!r} does not match heldout-{family}-NN")
    if rid in seen_ids:
        err(f"duplicate id {rid}")
    seen_ids.add(rid)
    if rec["family"] != family:
        err(f"family {rec['family']!r} is not the file's {family!r}")
    if rec["synthetic"] is not True:
        err("synthetic must be true")
    for k in ("written_by", "municipality", "body", "text"):
        if not isinstance(rec[k], str) or not rec[k].strip():
            err(f"{k} must be a non-empty string")
    try:
        dt.date.fromisoformat(rec["meeting_date"])
    except (TypeError, ValueError):
        err(f"meeting_date {rec['meeting_date']!r} is not YYYY-MM-DD")

    local = rec.get("local_lists") or {}
    if not isinstance(local, dict) or any(k in NATIONAL for k in local):
        err("local_lists must map non-national letters to list names")
        local = {}
    letters = NATIONAL | set(local)

    members = rec["members"]
    if not isinstance(members, list) or not 5 <= len(members) <= 31:
        err("members must be a list of 5-31 members")
        members = members if isinstance(members, list) else []
    by_name = {}
    for m in members:
        if not isinstance(m, dict) or set(m) != {"name", "party"}:
            err(f"member {m!r} must be {{name, party}}")
            continue
        if m["name"] in by_name:
            err(f"member {m['name']!r} listed twice")
        by_name[m["name"]] = m["party"]
        if m["party"] is not None and m["party"] not in letters:
            err(f"member {m['name']!r} has unknown party {m['party']!r}")
    member_parties = {p for p in by_name.values() if p}

    text = rec["text"]
    n_lines = len(text.splitlines())
    if not 1 <= n_lines <= 20:
        err(f"text has {n_lines} lines (1-20 expected)")

    amendments = rec["amendments"]
    if not isinstance(amendments, list):
        err("amendments must be a list")
        amendments = []
    for i, a in enumerate(amendments):
        if not isinstance(a, dict) or set(a) != {"proposed_by", "outcome"}:
            err(f"amendment {i} must be {{proposed_by, outcome}}")
            continue
        if a["outcome"] not in OUTCOMES:
            err(f"amendment {i} outcome {a['outcome']!r}")
        if not isinstance(a["proposed_by"], list) or not a["proposed_by"]:
            err(f"amendment {i} needs a non-empty proposed_by")
            continue
        for p in a["proposed_by"]:
            if not isinstance(p, dict) or set(p) != {"name", "party"}:
                err(f"amendment {i} proposer {p!r} must be {{name, party}}")
                continue
            if p["name"] is None and p["party"] not in member_parties:
                err(f"amendment {i} proposer party {p['party']!r} has no member")
            if p["name"] is not None:
                if p["name"] not in by_name:
                    err(f"amendment {i} proposer {p['name']!r} is not a member")
                elif by_name[p["name"]] != p["party"]:
                    err(f"amendment {i} proposer {p['name']!r} party {p['party']!r} "
                        f"!= member list {by_name[p['name']]!r}")

    counts = rec["counts"]
    if counts is not None:
        if not isinstance(counts, dict) or set(counts) != {"for", "against", "abstained"}:
            err("counts must be null or {for, against, abstained}")
        else:
            vals = list(counts.values())
            if all(v is None for v in vals):
                err("counts with every value null should be null")
            for k, v in counts.items():
                if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                    err(f"counts.{k} = {v!r} is not a count")
                if v is not None and not re.search(rf"(?<!\d){v}(?!\d)", text):
                    err(f"counts.{k} = {v} is not written in the text")

    starts = ends = None
    if nlp is not None:
        doc = nlp(text)
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t.text) for t in doc}

    positions = rec["positions"]
    if family == "no_positions_hard" and positions:
        err("a no_positions_hard item must have no positions")
    spans = []
    for j, p in enumerate(positions):
        w = f"position {j}"
        if not isinstance(p, dict) or set(p) != POS_KEYS:
            err(f"{w} keys {sorted(set(p) ^ POS_KEYS) if isinstance(p, dict) else p!r}")
            continue
        if p["label"] not in LABELS:
            err(f"{w} label {p['label']!r}")
        s, e = p["start"], p["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            err(f"{w} offsets {s}-{e} out of range")
            continue
        if text[s:e] != p["text"]:
            err(f"{w} text[{s}:{e}] = {text[s:e]!r} != {p['text']!r}")
        if p["text"][0] in EDGE or p["text"][-1] in EDGE.replace(")", ""):
            err(f"{w} span {p['text']!r} starts or ends with space or punctuation")
        if p["text"].endswith(")") and not BRACKET_LETTER.match(p["text"]):
            err(f"{w} span {p['text']!r} ends with a bracket that is not a party letter")
        if starts is not None and (s not in starts or e not in ends):
            err(f"{w} span {p['text']!r} starts or ends inside a spaCy token")
        spans.append((s, e))
        name, party = p["name"], p["party"]
        if party is not None and party not in letters:
            err(f"{w} party {party!r} is not a known list letter")
        if name is None:
            if party is None:
                err(f"{w} has neither name nor party")
            elif party not in member_parties:
                err(f"{w} party {party!r} has no member in the member list")
        else:
            if name not in by_name:
                err(f"{w} person {name!r} is not in the member list")
            elif by_name[name] != party:
                err(f"{w} person {name!r} party {party!r} != member list {by_name[name]!r}")
            if name not in p["text"]:
                err(f"{w} name {name!r} is not inside the span {p['text']!r}")
        m = BRACKET_LETTER.match(p["text"])
        if m and m.group(2).upper() != party:
            err(f"{w} bracketed letter {m.group(2)!r} != party {party!r}")
        if p["point"] is not None:
            if not (isinstance(p["point"], str) and p["point"].isdigit()):
                err(f"{w} point {p['point']!r} must be a digit string or null")
            elif not re.search(rf"(?<!\d){p['point']}(?!\d)", text):
                err(f"{w} point {p['point']} is not written in the text")
        a = p["amendment"]
        if a is not None and not (isinstance(a, int) and 0 <= a < len(amendments)):
            err(f"{w} amendment {a!r} is not an index into amendments")
    spans.sort()
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        if s2 < e1:
            err(f"spans {s1}-{e1} and {s2}-{e2} overlap")
    return errs


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    files = sorted(folder.glob("*.jsonl"))
    nlp = tokenizer()
    errs = []
    if {f.stem for f in files} != FAMILIES:
        errs.append(f"families {sorted(f.stem for f in files)} != {sorted(FAMILIES)}")
    seen = set()
    total = 0
    for f in files:
        lines = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
        if not 10 <= len(lines) <= 14:
            errs.append(f"{f.name}: {len(lines)} items (10-14 expected)")
        for i, ln in enumerate(lines, 1):
            try:
                rec = json.loads(ln)
            except json.JSONDecodeError as exc:
                errs.append(f"{f.name}:{i}: not JSON: {exc}")
                continue
            errs += check_record(rec, f.stem, f"{f.name}:{i} ({rec.get('id')})", nlp, seen)
            total += 1
    for e in errs:
        print(e)
    tok = "with" if nlp is not None else "without"
    print(f"{total} items in {len(files)} files checked {tok} spaCy token boundaries: "
          f"{'OK' if not errs else f'{len(errs)} problem(s)'}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
