"""Validate the synthetic positions dev2 set (this folder's *.jsonl).

Checks, per item: required keys and types; id and family match the file; 5-31
members with unique names; text[start:end] == span text; spans on spaCy Danish
token boundaries (when spaCy is importable); labels; party letters (official list
letters, or a letter some member carries); person names match a member and the
member's party; amendment indices within `amendments`; counts; no duplicate
positions; 12-15 items per family file.

Run: /work/main/.venv/bin/python annotations/positions/dev2/check.py
"""
import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAMILIES = ["text_tables", "group_and_party_names", "statements_and_protocol",
            "split_points", "attendance_variants", "no_positions_more"]
LABELS = {"FOR", "AGAINST", "ABSTAINED", "RESERVATION", "ABSENT", "CONFLICT_OF_INTEREST"}
OFFICIAL = set("ABCDFIKMOVZÆØÅ")
KEYS = ["id", "family", "synthetic", "written_by", "municipality", "body", "meeting_date",
        "members", "text", "positions", "counts", "amendments"]
POS_KEYS = ["label", "start", "end", "text", "name", "party", "point", "amendment"]

try:
    import spacy
    NLP = spacy.blank("da")
except Exception:  # spaCy absent: token boundaries are not checked
    NLP = None


def boundaries(text):
    doc = NLP.make_doc(text)
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t.text) for t in doc}
    return starts, ends


def check_item(it, family, errs):
    iid = it.get("id", "?")

    def err(msg):
        errs.append(f"{family}: {iid}: {msg}")

    if list(it.keys()) != KEYS:
        err(f"keys {list(it.keys())} != {KEYS}")
        return
    if not re.fullmatch(rf"dev2-{re.escape(family)}-\d\d", iid):
        err("bad id")
    if it["family"] != family:
        err("family does not match file")
    if it["synthetic"] is not True:
        err("synthetic must be true")
    try:
        d = datetime.date.fromisoformat(it["meeting_date"])
        if not (1995 <= d.year <= 2025):
            err("meeting_date outside 1995-2025")
    except Exception:
        err("bad meeting_date")
    mem = it["members"]
    if not (5 <= len(mem) <= 31):
        err(f"{len(mem)} members (need 5-31)")
    names = [m["name"] for m in mem]
    if len(set(names)) != len(names):
        err("duplicate member names")
    mparty = {m["name"]: m["party"] for m in mem}
    letters = {m["party"] for m in mem if m["party"] is not None}
    for m in mem:
        p = m["party"]
        if p is not None and not (isinstance(p, str) and len(p) == 1 and p.isupper()):
            err(f"member party {p!r} is not a list letter")
    text = it["text"]
    if not isinstance(text, str) or not text.strip():
        err("empty text")
        return
    nlines = len(text.splitlines())
    if not (1 <= nlines <= 20):
        err(f"{nlines} lines (need 1-20)")
    starts, ends = boundaries(text) if NLP else (None, None)
    amends = it["amendments"]
    if not isinstance(amends, list):
        err("amendments must be a list")
        amends = []
    for i, a in enumerate(amends):
        if set(a) != {"proposed_by", "outcome"}:
            err(f"amendment {i}: keys {sorted(a)}")
            continue
        if a["outcome"] not in ("APPROVED", "REJECTED", None):
            err(f"amendment {i}: outcome {a['outcome']!r}")
        if not a["proposed_by"]:
            err(f"amendment {i}: no proposer")
        for pb in a["proposed_by"]:
            if set(pb) != {"name", "party"}:
                err(f"amendment {i}: proposer keys {sorted(pb)}")
            elif pb["party"] is not None and pb["party"] not in letters:
                err(f"amendment {i}: proposer party {pb['party']} not among members")
    seen = set()
    for j, p in enumerate(it["positions"]):
        where = f"position {j} ({p.get('text')!r})"
        if list(p.keys()) != POS_KEYS:
            err(f"{where}: keys {list(p.keys())}")
            continue
        if p["label"] not in LABELS:
            err(f"{where}: label {p['label']}")
        s, e = p["start"], p["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            err(f"{where}: bad offsets {s}-{e}")
            continue
        if text[s:e] != p["text"]:
            err(f"{where}: text[{s}:{e}] = {text[s:e]!r}")
        if p["text"] != p["text"].strip():
            err(f"{where}: span has outer whitespace")
        if NLP and (s not in starts or e not in ends):
            err(f"{where}: not on spaCy token boundaries")
        party = p["party"]
        if party is not None:
            if party not in OFFICIAL and party not in letters:
                err(f"{where}: party {party} is neither an official letter nor a member's")
            if party not in letters:
                err(f"{where}: party {party} not carried by any member")
        if p["name"] is not None:
            if p["name"] not in mparty:
                err(f"{where}: name {p['name']!r} not a member")
            elif mparty[p["name"]] != party:
                err(f"{where}: party {party} but member is {mparty[p['name']]}")
            if p["name"] not in p["text"]:
                err(f"{where}: name not inside span")
        elif party is None:
            err(f"{where}: neither name nor party")
        pt = p["point"]
        if pt is not None and not (isinstance(pt, str) and pt):
            err(f"{where}: point must be a non-empty string or null")
        am = p["amendment"]
        if am is not None and not (isinstance(am, int) and 0 <= am < len(amends)):
            err(f"{where}: amendment index {am} outside amendments ({len(amends)})")
        key = (s, e, p["label"], pt, am)
        if key in seen:
            err(f"{where}: duplicate position")
        seen.add(key)
    c = it["counts"]
    if c is not None:
        if set(c) != {"for", "against", "abstained"}:
            err(f"counts keys {sorted(c)}")
        else:
            vals = [v for v in c.values() if v is not None]
            if not vals:
                err("counts object with no number: use null")
            if any(not isinstance(v, int) or v < 0 for v in vals):
                err("counts must be non-negative ints or null")
            if sum(vals) > len(mem):
                err(f"counts sum {sum(vals)} > {len(mem)} members")


def main():
    errs = []
    total = 0
    ids = set()
    for fam in FAMILIES:
        path = HERE / f"{fam}.jsonl"
        if not path.exists():
            errs.append(f"{fam}: missing file")
            continue
        lines = [ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
        if not (12 <= len(lines) <= 15):
            errs.append(f"{fam}: {len(lines)} items (need 12-15)")
        for k, ln in enumerate(lines, 1):
            try:
                it = json.loads(ln)
            except json.JSONDecodeError as ex:
                errs.append(f"{fam}: line {k}: {ex}")
                continue
            if it.get("id") in ids:
                errs.append(f"{fam}: duplicate id {it.get('id')}")
            ids.add(it.get("id"))
            check_item(it, fam, errs)
            total += 1
    extra = sorted(p.name for p in HERE.glob("*.jsonl") if p.stem not in FAMILIES)
    for x in extra:
        errs.append(f"unexpected file {x}")
    if NLP is None:
        print("note: spaCy not importable, token boundaries not checked")
    for e in errs:
        print(e)
    print(f"{total} items, {len(errs)} problems")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
