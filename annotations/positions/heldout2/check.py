#!/usr/bin/env python3
"""Validate the positions held-out set 2 (standard library only).

Usage: python3 annotations/positions/heldout2/check.py [DIR]

Checks every *.jsonl file beside this script (or in DIR):
  - record keys, id pattern and uniqueness, family = file name, synthetic flag, date;
  - labels are the scheme's six position labels;
  - offsets: 0 <= start < end <= len(text) and text[start:end] == span text;
  - spans do not start or end inside a word, and do not overlap (the same span may
    repeat only with another point or amendment: one row per point);
  - named actors are in the item's members list, with the member's party;
  - party-only actors: the span is a known party letter/name form that maps to the
    party given; name-and-party both null only for a bare title (Borgmesteren);
  - point is null or an int >= 1; amendment is null or an index into amendments;
  - counts is null or {for, against, abstained} with ints >= 0 or null, not all null;
  - amendments: proposed_by list of {name, party}, outcome APPROVED/REJECTED/null,
    and every amendment has at least one position or a proposer;
  - 12-15 items per family file, 6 families.
Exit code 0 and "N passed, 0 failed" when all is well.
"""
import datetime
import json
import os
import re
import sys

LABELS = {"FOR", "AGAINST", "ABSTAINED", "RESERVATION", "ABSENT", "CONFLICT_OF_INTEREST"}
OUTCOMES = {"APPROVED", "REJECTED", None}
LETTERS = set("ABCDFIKLMOSVØÅÆ")
PARTY_NAMES = {
    "Socialdemokratiet": "A", "Socialdemokraterne": "A", "Soc.dem.": "A",
    "Radikale Venstre": "B", "Det Radikale Venstre": "B",
    "Konservative": "C", "Det Konservative Folkeparti": "C", "Kons.": "C",
    "Nye Borgerlige": "D", "SF": "F", "Socialistisk Folkeparti": "F",
    "Liberal Alliance": "I", "Kristendemokraterne": "K", "Moderaterne": "M",
    "Dansk Folkeparti": "O", "Venstre": "V", "Enhedslisten": "Ø",
    "Alternativet": "Å", "Danmarksdemokraterne": "Æ", "Slesvigsk Parti": "S",
}
TITLES = {"borgmesteren", "formanden", "næstformanden"}
NOPARTY = {"UP", "UP1", "UP2", "UFP", "løsgænger"}
KEYS = ["id", "family", "synthetic", "written_by", "municipality", "body", "meeting_date",
        "members", "text", "positions", "counts", "amendments"]
PKEYS = ["label", "start", "end", "text", "name", "party", "point", "amendment"]


def party_of(t):
    if t in LETTERS:
        return t
    if len(t) == 2 and t[1] == "." and t[0] in LETTERS:
        return t[0]
    if t in PARTY_NAMES:
        return PARTY_NAMES[t]
    if t.endswith("-gruppen"):
        return party_of(t[: -len("-gruppen")])
    if t.endswith("'s"):
        return party_of(t[:-2])
    if t.endswith("s") and t[:-1] in PARTY_NAMES:
        return PARTY_NAMES[t[:-1]]
    return None


def is_word(ch):
    return ch.isalnum()


def check_record(r, fam, errs):
    rid = r.get("id", "?")

    def err(msg):
        errs.append("%s: %s" % (rid, msg))

    if list(r.keys()) != KEYS:
        err("keys %s" % list(r.keys()))
        return
    if not re.fullmatch(r"heldout2-%s-\d\d" % re.escape(fam), rid):
        err("id does not match family file")
    if r["family"] != fam:
        err("family %r in file %s" % (r["family"], fam))
    if r["synthetic"] is not True:
        err("synthetic must be true")
    if not r["written_by"].startswith("helper (AI model instance), positions held-out set 2"):
        err("written_by")
    try:
        d = datetime.date.fromisoformat(r["meeting_date"])
        if not (2005 <= d.year <= 2024):
            err("meeting_date outside 2005-2024")
    except ValueError:
        err("meeting_date not YYYY-MM-DD")
    for k in ("municipality", "body", "text"):
        if not isinstance(r[k], str) or not r[k].strip():
            err("empty %s" % k)
    members = {}
    for m in r["members"]:
        if set(m) != {"name", "party"} or not m["name"]:
            err("bad member %r" % m)
            continue
        if m["party"] is not None and m["party"] not in LETTERS:
            err("member party %r" % m["party"])
        if m["name"] in members:
            err("duplicate member %s" % m["name"])
        members[m["name"]] = m["party"]
    text = r["text"]
    amends = r["amendments"]
    seen = []
    used_amend = set()
    for p in r["positions"]:
        if list(p.keys()) != PKEYS:
            err("position keys %s" % list(p.keys()))
            continue
        if p["label"] not in LABELS:
            err("label %r" % p["label"])
        s, e = p["start"], p["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            err("offsets %r %r" % (s, e))
            continue
        if text[s:e] != p["text"]:
            err("text[%d:%d]=%r != %r" % (s, e, text[s:e], p["text"]))
        if p["text"] != p["text"].strip():
            err("span has outer whitespace %r" % p["text"])
        if s > 0 and is_word(text[s - 1]) and is_word(text[s]):
            err("span starts inside a word: %r" % p["text"])
        if e < len(text) and is_word(text[e - 1]) and is_word(text[e]):
            err("span ends inside a word: %r" % p["text"])
        for (s2, e2, pt2, am2) in seen:
            if (s2, e2) == (s, e):
                if (pt2, am2) == (p["point"], p["amendment"]):
                    err("duplicate row for %r" % p["text"])
            elif s < e2 and s2 < e:
                err("overlapping spans at %d-%d and %d-%d" % (s, e, s2, e2))
        seen.append((s, e, p["point"], p["amendment"]))
        # actor
        name, party = p["name"], p["party"]
        if party is not None and party not in LETTERS:
            err("party %r" % party)
        if name is not None:
            if name not in members:
                err("named actor %r not in members" % name)
            elif members[name] != party:
                err("actor %r party %r, member party %r" % (name, party, members[name]))
            if not p["text"].startswith(name):
                err("span %r does not start with the name %r" % (p["text"], name))
            rest = p["text"][len(name):]
            m = re.fullmatch(r"(?: \((.+)\)|, (\w+))?", rest)
            if not m:
                err("span %r: unexpected text after the name" % p["text"])
            else:
                tag = m.group(1) or m.group(2)
                if tag is not None:
                    if tag in NOPARTY:
                        if party is not None:
                            err("%r is outside any party but party is %r" % (p["text"], party))
                    elif tag != party:
                        err("%r: letter %r but party %r" % (p["text"], tag, party))
        else:
            t = p["text"]
            m = re.fullmatch(r"(\w+) \((\w)\)", t)
            if m and m.group(1).lower() in TITLES:
                if m.group(2) != party:
                    err("%r: letter but party %r" % (t, party))
            elif t.lower() in TITLES:
                if party is not None:
                    err("bare title %r with party" % t)
            elif party_of(t) is None:
                err("party-only span %r is no known party form" % t)
            elif party_of(t) != party:
                err("span %r maps to %r, party given %r" % (t, party_of(t), party))
        if p["point"] is not None and not (isinstance(p["point"], int) and p["point"] >= 1):
            err("point %r" % p["point"])
        a = p["amendment"]
        if a is not None:
            if not (isinstance(a, int) and 0 <= a < len(amends)):
                err("amendment index %r (amendments: %d)" % (a, len(amends)))
            else:
                used_amend.add(a)
    c = r["counts"]
    if c is not None:
        if set(c) != {"for", "against", "abstained"}:
            err("counts keys %s" % list(c))
        else:
            vals = [c["for"], c["against"], c["abstained"]]
            if all(v is None for v in vals):
                err("counts all null: write null instead")
            for v in vals:
                if v is not None and not (isinstance(v, int) and not isinstance(v, bool) and v >= 0):
                    err("count %r" % v)
            for v in vals:
                if v is not None and str(v) not in text and not re.search(r"\b(ni|to|tre|fire|fem|seks|syv|otte|ti)\b", text):
                    err("count %r not written in the text" % v)
    for i, am in enumerate(amends):
        if set(am) != {"proposed_by", "outcome"}:
            err("amendment keys %s" % list(am))
            continue
        if am["outcome"] not in OUTCOMES:
            err("amendment outcome %r" % am["outcome"])
        if not isinstance(am["proposed_by"], list):
            err("proposed_by must be a list")
            continue
        for pb in am["proposed_by"]:
            if set(pb) != {"name", "party"}:
                err("proposed_by entry %r" % pb)
            elif pb["name"] is not None and pb["name"] not in members:
                err("proposer %r not in members" % pb["name"])
            elif pb["party"] is not None and pb["party"] not in LETTERS:
                err("proposer party %r" % pb["party"])
        if i not in used_amend and not am["proposed_by"]:
            err("amendment %d has neither positions nor proposer" % i)
        if "ndringsforslag" not in text:
            err("amendment recorded but no ændringsforslag in the text")


def main():
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(f for f in os.listdir(here) if f.endswith(".jsonl"))
    errs = []
    ids = set()
    n = 0
    if len(files) != 6:
        errs.append("expected 6 family files, found %d" % len(files))
    for fn in files:
        fam = fn[: -len(".jsonl")]
        with open(os.path.join(here, fn), encoding="utf-8") as f:
            lines = [l for l in f.read().split("\n") if l.strip()]
        if not 12 <= len(lines) <= 15:
            errs.append("%s: %d items (want 12-15)" % (fn, len(lines)))
        for i, line in enumerate(lines, 1):
            n += 1
            try:
                r = json.loads(line)
            except json.JSONDecodeError as ex:
                errs.append("%s:%d: bad JSON: %s" % (fn, i, ex))
                continue
            if r.get("id") in ids:
                errs.append("duplicate id %s" % r.get("id"))
            ids.add(r.get("id"))
            if r.get("id") != "heldout2-%s-%02d" % (fam, i):
                errs.append("%s:%d: id %s out of order" % (fn, i, r.get("id")))
            check_record(r, fam, errs)
    for e in errs:
        print("ERROR", e)
    bad = len({e.split(":")[0] for e in errs})
    print("%d passed, %d failed" % (n - min(bad, n), min(bad, n)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
