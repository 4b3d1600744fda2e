#!/usr/bin/env python3
"""Validator for the positions dev3 set (standard library only).

Usage: python3 check.py [DIR]   (DIR defaults to the folder of this file)

Checks every *.jsonl line: the record's keys and fixed fields, the members list,
each position's offsets (text[start:end] == span text), label, token edges,
name/party against the members list and against the span text, point,
amendment number, the counts object and the amendments list. Prints a summary
and exits 1 on any error.
"""
import collections
import json
import os
import re
import sys

LABELS = {"FOR", "AGAINST", "ABSTAINED", "RESERVATION", "ABSENT", "CONFLICT_OF_INTEREST"}
OUTCOMES = {"APPROVED", "REJECTED", None}
LETTERS = set("ABCDFIKLMOSTVØÅÆ")  # national letters plus the local lists used here (L, S, T)
NO_PARTY = {"UP", "UP1", "UP2", "UFP", "UP-1"}
ROLES = {"Borgmesteren", "Formanden", "Næstformanden"}
PARTY_NAMES = {
    "Socialdemokratiet": "A", "Socialdemokratiets": "A",
    "Radikale Venstre": "B", "Det Radikale Venstre": "B", "Radikale Venstres": "B",
    "Det Konservative Folkeparti": "C", "Det Konservative Folkepartis": "C",
    "Konservative": "C", "De Konservative": "C",
    "Nye Borgerlige": "D",
    "SF": "F", "SF's": "F", "SF-gruppen": "F", "Socialistisk Folkeparti": "F",
    "Liberal Alliance": "I",
    "Kristendemokraterne": "K", "Kristendemokraternes": "K",
    "Moderaterne": "M",
    "Dansk Folkeparti": "O", "Dansk Folkepartis": "O",
    "Venstre": "V", "Venstres": "V",
    "Enhedslisten": "Ø", "Enhedslistens": "Ø",
    "Alternativet": "Å",
    "Danmarksdemokraterne": "Æ",
    "Slesvigsk Parti": "S",
    "Lokallisten": "L",
    "Borgerlisten": "T",
}
KEYS = ["id", "family", "synthetic", "written_by", "municipality", "body", "meeting_date",
        "members", "text", "positions", "counts", "amendments"]
POS_KEYS = ["label", "start", "end", "text", "name", "party", "point", "amendment"]
WRITTEN_BY = "helper (AI model instance), positions dev3 set, blind to the rules"


def expected_party(span):
    """The party the span text itself names, or '?' where the span is a person's bare name."""
    m = re.fullmatch(r"(.+?) \(([^)]+)\)", span)
    if m:
        letter = m.group(2)
        return None if letter in NO_PARTY else letter
    bare = span[:-1] if len(span) == 2 and span.endswith(".") else span
    if bare in LETTERS:
        return bare
    if span in PARTY_NAMES:
        return PARTY_NAMES[span]
    if span in ROLES:
        return None
    return "?"


def check_record(rec, fam_from_file, errors, seen_ids):
    rid = rec.get("id", "?")

    def err(msg):
        errors.append(f"{rid}: {msg}")

    if list(rec.keys()) != KEYS:
        err(f"keys {list(rec.keys())} != {KEYS}")
        return
    if rid in seen_ids:
        err("duplicate id")
    seen_ids.add(rid)
    if not re.fullmatch(r"dev3-[a-z]+-\d\d", rid) or rid.split("-")[1] != rec["family"]:
        err("id must be dev3-<family>-NN")
    if rec["family"] != fam_from_file:
        err(f"family {rec['family']!r} differs from file name {fam_from_file!r}")
    if rec["synthetic"] is not True:
        err("synthetic must be true")
    if rec["written_by"] != WRITTEN_BY:
        err("written_by differs")
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", rec["meeting_date"]):
        err("meeting_date not YYYY-MM-DD")
    for k in ("municipality", "body", "text"):
        if not isinstance(rec[k], str) or not rec[k].strip():
            err(f"{k} empty")

    members = {}
    parties = set()
    for m in rec["members"]:
        if sorted(m.keys()) != ["name", "party"]:
            err(f"member keys {m}")
            continue
        if m["name"] in members:
            err(f"member {m['name']!r} twice")
        if m["party"] is not None and m["party"] not in LETTERS:
            err(f"member {m['name']!r}: unknown party {m['party']!r}")
        members[m["name"]] = m["party"]
        parties.add(m["party"])

    text = rec["text"]
    amendments = rec["amendments"]
    if not isinstance(amendments, list):
        err("amendments must be a list")
        amendments = []
    for i, a in enumerate(amendments, 1):
        if sorted(a.keys()) != ["outcome", "proposed_by"]:
            err(f"amendment {i} keys {sorted(a.keys())}")
            continue
        if a["outcome"] not in OUTCOMES:
            err(f"amendment {i}: outcome {a['outcome']!r}")
        if not a["proposed_by"]:
            err(f"amendment {i}: proposed_by empty")
        for p in a["proposed_by"]:
            if p.get("name") is not None and members.get(p["name"], "missing") != p.get("party"):
                err(f"amendment {i}: proposer {p} not in members with that party")
            if p.get("name") is None and p.get("party") not in parties:
                err(f"amendment {i}: proposing party {p.get('party')!r} has no member")

    rows = set()
    used_amend = set()
    for p in rec["positions"]:
        if list(p.keys()) != POS_KEYS:
            err(f"position keys {list(p.keys())}")
            continue
        tag = f"position {p['text']!r}@{p['start']}"
        if p["label"] not in LABELS:
            err(f"{tag}: label {p['label']!r}")
        s, e = p["start"], p["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            err(f"{tag}: bad offsets")
            continue
        if text[s:e] != p["text"]:
            err(f"{tag}: text[{s}:{e}] = {text[s:e]!r}")
        span = p["text"]
        if span != span.strip():
            err(f"{tag}: whitespace at the edge")
        # token edges (approximation of spaCy's Danish tokenizer)
        if s > 0 and text[s - 1].isalnum():
            err(f"{tag}: starts inside a token")
        if e < len(text) and (text[e].isalnum() or text[e] in "-'’"):
            err(f"{tag}: ends inside a token")
        if len(span) == 1 and e < len(text) and text[e] == "." and (e + 1 == len(text) or not text[e + 1].isalnum()):
            err(f"{tag}: a letter fused with its full stop must be widened to the token ('{span}.')")
        if span.startswith("(") or (span.endswith(")") and "(" not in span):
            err(f"{tag}: brackets around a letter stay outside")
        # name / party
        name, party = p["name"], p["party"]
        if name is not None:
            if name not in members:
                err(f"{tag}: name {name!r} not in members")
            elif members[name] != party:
                err(f"{tag}: party {party!r} but member list says {members[name]!r}")
            if not span.startswith(name):
                err(f"{tag}: span does not start with the name {name!r}")
        else:
            if party is None and span not in ROLES:
                err(f"{tag}: neither name nor party")
            if party is not None and party not in parties:
                err(f"{tag}: party {party!r} has no member in the body")
        exp = expected_party(span)
        if exp != "?" and exp != party:
            err(f"{tag}: span names party {exp!r}, row says {party!r}")
        if exp == "?" and name is None:
            err(f"{tag}: span is neither a party nor a member")
        # point / amendment
        pt = p["point"]
        if not (pt is None or (isinstance(pt, int) and not isinstance(pt, bool) and pt >= 1)
                or (isinstance(pt, str) and re.fullmatch(r"[a-z]", pt))):
            err(f"{tag}: point {pt!r}")
        am = p["amendment"]
        if am is not None:
            if not (isinstance(am, int) and 0 <= am < len(amendments)):
                err(f"{tag}: amendment {am!r} is not a 0-based index into the item's amendments")
            used_amend.add(am)
        key = (s, e, p["label"], pt, am)
        if key in rows:
            err(f"{tag}: duplicate row")
        rows.add(key)
    for i in range(len(amendments)):
        if i not in used_amend:
            err(f"amendment {i} has no position")

    c = rec["counts"]
    if c is not None:
        if sorted(c.keys()) != ["abstained", "against", "for"]:
            err(f"counts keys {sorted(c.keys())}")
        else:
            vals = [c["for"], c["against"], c["abstained"]]
            if all(v is None for v in vals):
                err("counts with all values null must be null")
            for v in vals:
                if v is not None and not (isinstance(v, int) and not isinstance(v, bool) and v >= 0):
                    err(f"counts value {v!r}")
            total = sum(v for v in vals if v is not None)
            if total > len(members):
                err(f"counts add up to {total}, more than the {len(members)} members")


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(f for f in os.listdir(d) if f.endswith(".jsonl"))
    errors, seen = [], set()
    per_fam = collections.Counter()
    per_label = collections.Counter()
    empty = 0
    for f in files:
        fam = f[:-len(".jsonl")]
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    errors.append(f"{f}:{n}: empty line")
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{f}:{n}: {e}")
                    continue
                check_record(rec, fam, errors, seen)
                per_fam[fam] += 1
                for p in rec.get("positions", []):
                    per_label[p.get("label")] += 1
                if not rec.get("positions"):
                    empty += 1
    if not 6 <= len(per_fam) <= 7:
        errors.append(f"{len(per_fam)} families, expected 6-7")
    for fam, n in per_fam.items():
        if not 12 <= n <= 16:
            errors.append(f"family {fam}: {n} items, expected 12-16")
    print(f"{sum(per_fam.values())} items in {len(per_fam)} families: {dict(per_fam)}")
    print(f"{sum(per_label.values())} positions: {dict(sorted(per_label.items()))}; "
          f"{empty} items without positions")
    if errors:
        print(f"{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
