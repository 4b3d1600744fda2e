"""Build the synthetic positions DEV split from inline-marked source texts.

Written by a helper AI model instance, blind to the project's rules (no project
code was read). Run:  python build.py   (writes <family>.jsonl beside it)

Markup inside a text:  {{LAB opts:span}}
  LAB  FOR | MOD (AGAINST) | UND (ABSTAINED) | RES (RESERVATION) |
       ABS (ABSENT) | INH (CONFLICT_OF_INTEREST)
  opts p2   -> point "2"
       a0   -> amendment index 0
       P=X  -> party override (letter X)
The markup is removed; offsets are computed on the clean text.
Members: `named` ("Name:L; Name:L", L '-' = outside any party) plus `comp`
("A11 V5 -1": total members per party, named ones included); the rest of the
member list is padded with generated Danish names (seeded, deterministic).
"""
import json
import random
import re
import textwrap
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
WRITTEN_BY = "helper (AI model instance), positions dev set, blind to the rules"

LABELS = {"FOR": "FOR", "MOD": "AGAINST", "UND": "ABSTAINED", "RES": "RESERVATION",
          "ABS": "ABSENT", "INH": "CONFLICT_OF_INTEREST"}

# official list letters and common written forms
CODES = {
    "A": "A", "B": "B", "C": "C", "D": "D", "F": "F", "I": "I", "K": "K", "M": "M",
    "O": "O", "V": "V", "Æ": "Æ", "Ø": "Ø", "Å": "Å",
    "S": "A", "SF": "F", "DF": "O", "RV": "B", "KF": "C", "EL": "Ø", "LA": "I",
    "DD": "Æ", "NB": "D", "KD": "K",
}
NO_PARTY = {"UFP", "UP", "UP-1", "løsgænger"}
PARTY_NAMES = {
    "Socialdemokratiet": "A", "Socialdemokraterne": "A", "Soc.dem.": "A",
    "Venstre": "V",
    "Det Konservative Folkeparti": "C", "Konservative": "C", "De Konservative": "C",
    "Radikale Venstre": "B", "Det Radikale Venstre": "B", "De Radikale": "B", "Radikale": "B",
    "SF": "F", "Socialistisk Folkeparti": "F", "SF - Socialistisk Folkeparti": "F",
    "Enhedslisten": "Ø", "Enhedslisten - De Rød-Grønne": "Ø",
    "Dansk Folkeparti": "O", "Liberal Alliance": "I", "Nye Borgerlige": "D",
    "Alternativet": "Å", "Danmarksdemokraterne": "Æ", "Moderaterne": "M",
    "Kristendemokraterne": "K", "Slesvigsk Parti": "S",
}

FIRST = ("Anne Mette Lone Karen Susanne Hanne Birgitte Camilla Louise Maria Line Sofie Ida "
         "Jette Kirsten Bente Lene Pia Dorthe Helle Charlotte Marianne Rikke Trine Signe "
         "Julie Nanna Malene Gitte Vibeke Annette Merete Lise Inger Jens Peter Lars Søren "
         "Niels Henrik Michael Thomas Morten Anders Jesper Rasmus Martin Kasper Mads "
         "Christian Ole Poul Erik Jørgen Torben Flemming Claus Jakob Frederik Mikkel "
         "Kristian Hans Knud Carsten Jan Steen Allan Jonas Simon Leif Preben Finn John "
         "Villy Kenneth Dennis Troels Esben").split()
LAST = ("Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen "
        "Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen "
        "Møller Mortensen Knudsen Jakobsen Mikkelsen Frederiksen Holm Dahl Lund Krogh Skov "
        "Kjær Vestergaard Østergaard Nørgaard Damgaard Bundgaard Høj Brandt Friis Iversen "
        "Svendsen Steffensen Lassen Winther Toft Overgaard Sloth Kirkegaard Laursen Eriksen "
        "Bisgaard Gregersen Munk Schmidt Thygesen Kragh Vinther Enevoldsen Bjerre Graversen "
        "Ladefoged Ebbesen Fisker Hedegaard").split()
MIDDLE = "Skov Holm Dahl Bach Kjær Lund Munk Krogh Toft Juul Bjerg Hvid Bak Lykke Ravn".split()
FOREIGN_FIRST = "Yasmin Hüseyin Zeynep Mehmet Aysel Ahmad Fatima Samira Tariq Bilal Leyla Emre".split()
FOREIGN_LAST = "Yilmaz Demir Kaya Hussain Ahmed Khan Özdemir Hassan Aslan Çelik".split()


def gen_name(rng):
    if rng.random() < 0.08:
        return f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}"
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if rng.random() < 0.18:
        mid = rng.choice(MIDDLE)
        if mid != last:
            return f"{first} {mid} {last}"
    return f"{first} {last}"


ITEMS = []
PAT = re.compile(r"\{\{(FOR|MOD|UND|RES|ABS|INH)((?: [^:}]+)*):([^}]+)\}\}")


def T(s):
    return textwrap.dedent(s).strip("\n").rstrip()


def am(by, outcome=None):
    """by: 'V' | ['Ø','F'] | [('Name','B'), ...] (party '-' = none)."""
    if isinstance(by, str):
        by = [by]
    out = []
    for b in by:
        if isinstance(b, tuple):
            out.append({"name": b[0], "party": None if b[1] == "-" else b[1]})
        else:
            out.append({"name": None, "party": PARTY_NAMES.get(b, CODES.get(b, b))})
    return {"proposed_by": out, "outcome": outcome}


def I(family, municipality, body, date, comp, named, text, counts=None, amends=None):
    ITEMS.append(dict(family=family, municipality=municipality, body=body, date=date,
                      comp=comp, named=named, text=T(text), counts=counts,
                      amends=amends or []))


def make_members(key, comp, named):
    named_list = []
    for part in [p.strip() for p in named.split(";") if p.strip()]:
        n, l = part.rsplit(":", 1)
        named_list.append((n.strip(), l.strip()))
    totals = {}
    order = []
    for tok in comp.split():
        m = re.match(r"^(.+?)(\d+)$", tok)
        totals[m.group(1)] = int(m.group(2))
        order.append(m.group(1))
    for _, l in named_list:
        if l not in totals:
            totals[l] = 0
            order.append(l)
    rng = random.Random(zlib.crc32(key.encode()))
    used = {n for n, _ in named_list}
    members = []
    for party in order:
        mine = [n for n, l in named_list if l == party]
        if len(mine) > totals[party] and totals[party] != 0:
            raise SystemExit(f"{key}: more named {party} than comp")
        need = max(totals[party] - len(mine), 0)
        gen = []
        while len(gen) < need:
            cand = gen_name(rng)
            if cand in used:
                continue
            used.add(cand)
            gen.append(cand)
        for n in mine + gen:
            members.append({"name": n, "party": None if party == "-" else party})
    return members


def resolve(span, members, opts, key):
    name, party = None, None
    local = {x["party"] for x in members if x["party"] and x["party"] not in CODES}
    local |= {x["party"] for x in members if x["party"] == "S"}  # Slesvigsk Parti

    def code_of(c):
        if c in NO_PARTY:
            return None
        if c in local:
            return c
        return CODES[c]

    m = re.match(r"^(.*?) ?\(([^()]+)\)$", span)
    if m:
        head, code = m.group(1).strip(), m.group(2).strip()
        if head in PARTY_NAMES:
            party = PARTY_NAMES[head]
        else:
            name = head
            party = code_of(code)
    elif span in PARTY_NAMES:
        party = PARTY_NAMES[span]
    elif span in CODES or span in local:
        party = code_of(span)
    elif re.match(r"^(\w+)-gruppen$", span):
        party = code_of(span.split("-")[0])
    else:
        name = span
        hits = [x for x in members if x["name"] == span]
        if len(hits) != 1:
            raise SystemExit(f"{key}: cannot resolve {span!r}")
        party = hits[0]["party"]
    if "P" in opts:
        party = opts["P"]
    return name, party


def build():
    per_family = {}
    for it in ITEMS:
        fam = it["family"]
        n = per_family.setdefault(fam, [])
        key = f"dev-{fam}-{len(n) + 1:02d}"
        members = make_members(key, it["comp"], it["named"])
        src = it["text"]
        out, positions, pos = "", [], 0
        for m in PAT.finditer(src):
            out += src[pos:m.start()]
            lab, optstr, span = m.group(1), m.group(2), m.group(3)
            opts = {}
            for o in optstr.split():
                if o.startswith("P="):
                    opts["P"] = o[2:]
                elif o[0] == "p":
                    opts["p"] = o[1:]
                elif o[0] == "a":
                    opts["a"] = int(o[1:])
                else:
                    raise SystemExit(f"{key}: bad opt {o}")
            name, party = resolve(span, members, opts, key)
            start = len(out)
            out += span
            positions.append({"label": LABELS[lab], "start": start, "end": len(out),
                              "text": span, "name": name, "party": party,
                              "point": opts.get("p"), "amendment": opts.get("a")})
            pos = m.end()
        out += src[pos:]
        if "{{" in out or "}}" in out:
            raise SystemExit(f"{key}: leftover markup")
        counts = None
        if it["counts"] is not None:
            f, a, u = it["counts"]
            counts = {"for": f, "against": a, "abstained": u}
        n.append({"id": key, "family": fam, "synthetic": True, "written_by": WRITTEN_BY,
                  "municipality": it["municipality"], "body": it["body"],
                  "meeting_date": it["date"], "members": members, "text": out,
                  "positions": positions, "counts": counts, "amendments": it["amends"]})
    for fam, rows in per_family.items():
        with open(HERE / f"{fam}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{fam}: {len(rows)} items, {sum(len(r['positions']) for r in rows)} positions")


# ---------------------------------------------------------------------------
# 1. roll_call_lists
# ---------------------------------------------------------------------------
F = "roll_call_lists"
I(F, "Aarhus Kommune", "Byrådet", "2019-06-19", "A11 B3 F3 Ø3 Å1 V5 C2 O1 D1 I1", "", """
    Indstillingen blev vedtaget.

    Afstemning:
    For stemte: {{FOR:A}}, {{FOR:B}}, {{FOR:F}}, {{FOR:Ø}} og {{FOR:Å}}
    Imod stemte: {{MOD:V}}, {{MOD:C}}, {{MOD:O}} og {{MOD:D}}
    Undlod at stemme: {{UND:I}}
""")
I(F, "Odense Kommune", "Økonomiudvalget", "2016-03-09", "",
  "Anders Bak:A; Lene Skov Madsen:A; Ida Winther:B; Hanne Toft:F; Kasper Holm Ravn:Ø; "
  "Jesper Lauridsen:V; Charlotte Brandt:V; Steen Kofoed:C; Mikkel Juhl:O", """
    Navneafstemning
    For stemte (5):
    • {{FOR:Anders Bak (A)}}
    • {{FOR:Lene Skov Madsen (A)}}
    • {{FOR:Ida Winther (B)}}
    • {{FOR:Hanne Toft (F)}}
    • {{FOR:Kasper Holm Ravn (Ø)}}
    Imod stemte (3):
    • {{MOD:Jesper Lauridsen (V)}}
    • {{MOD:Charlotte Brandt (V)}}
    • {{MOD:Steen Kofoed (C)}}
    Undlod (1):
    • {{UND:Mikkel Juhl (O)}}
    Indstillingen blev godkendt.
""", counts=(5, 3, 1))
I(F, "Aalborg Kommune", "Byrådet", "2021-02-22", "A13 V6 C3 B2 Ø2 O2 F3", "", """
    Indstillingen blev godkendt.

    For stemte:
    {{FOR:Socialdemokratiet}}
    {{FOR:Venstre}}
    {{FOR:Det Konservative Folkeparti}}
    {{FOR:Radikale Venstre}}

    Imod stemte:
    {{MOD:Enhedslisten}}
    {{MOD:Dansk Folkeparti}}

    Hverken for eller imod stemte:
    {{UND:SF}}
""")
I(F, "Esbjerg Kommune", "Teknik & Byg", "2014-12-15", "V2 C1 A3 Ø1 F1 O1",
  "Bo Lauridsen:V; Karen Dahl:V; Henrik Iversen:C; Lone Svendsen:A; Jens Peter Olsen:A; "
  "Fatima Ali:A; Mads Buch:Ø; Signe Krogh:F", """
    Sagen blev sat under afstemning.
    For stemte {{FOR:Bo Lauridsen (V)}}, {{FOR:Karen Dahl (V)}}, {{FOR:Henrik Iversen (C)}}, {{FOR:Lone Svendsen (A)}}, {{FOR:Jens Peter Olsen (A)}} og {{FOR:Fatima Ali (A)}}.
    Imod stemte {{MOD:Mads Buch (Ø)}} og {{MOD:Signe Krogh (F)}}.
    Udvalget godkendte dermed indstillingen.
""")
I(F, "Randers Kommune", "Byrådet", "2008-11-24", "A12 B2 F4 C3 V7 O3", "", """
    Afstemning:
    For: {{FOR:S}}, {{FOR:RV}}, {{FOR:SF}} og {{FOR:KF}}
    Imod: {{MOD:V}} og {{MOD:DF}}
    Indstillingen blev herefter godkendt.
""")
I(F, "Kolding Kommune", "Byrådet", "2022-05-30", "V10 C4 O1 D2 I2 A8 F2 Ø1 B1", "", """
    FOR: ({{FOR:V}}), ({{FOR:C}}), ({{FOR:O}}), ({{FOR:D}}), ({{FOR:I}})
    IMOD: ({{MOD:A}}), ({{MOD:F}}), ({{MOD:Ø}})
    UNDLOD: ({{UND:B}})

    Indstillingen er vedtaget.
""")
I(F, "Vejle Kommune", "Økonomiudvalget", "2012-10-03", "A3 B1 F1 V2 C1 O1", "", """
    Økonomiudvalget anbefaler indstillingen over for byrådet.

    Afstemning
    for: {{FOR:A}}, {{FOR:B}}, {{FOR:F}}
    imod: {{MOD:V}}
    undlod: {{UND:C}}, {{UND:O}}

    Sagen sendes videre til byrådet med ovennævnte afstemningsresultat.
""")
I(F, "Herning Kommune", "Byrådet", "2020-09-29", "V14 C3 O2 A8 F2 B1 Ø1", "", """
    Ad 1. Godkendt.
    Ad 2. Godkendt.
    Ad 3. Sat under afstemning:
    For stemte: {{FOR p3:Venstre}}, {{FOR p3:Det Konservative Folkeparti}} og {{FOR p3:Dansk Folkeparti}}
    Imod stemte: {{MOD p3:Socialdemokratiet}} og {{MOD p3:SF}}
    Punkt 3 blev herefter godkendt.
""")
I(F, "Silkeborg Kommune", "Byrådet", "2024-01-29", "A10 V9 C4 Ø2 Å1 F3 B1 I1",
  "Lars Hvid:Ø; Emma Sloth:Ø; Jonas Kirkegaard:Å; Nanna Brandt:F; Karen Iversen:V", """
    Navneafstemning om indstillingen:

    Imod stemte (4):
    - {{MOD:Lars Hvid (Ø)}}
    - {{MOD:Emma Sloth (Ø)}}
    - {{MOD:Jonas Kirkegaard (Å)}}
    - {{MOD:Nanna Brandt (F)}}

    For stemte de øvrige 26 medlemmer af byrådet.
    Fraværende: {{ABS:Karen Iversen (V)}}

    Indstillingen blev godkendt.
""", counts=(26, 4, None))
I(F, "Roskilde Kommune", "Byrådet", "2010-04-28", "A14 F5 Ø1 B2 V6 C2 O1", "", """
    Forslaget blev sat til afstemning.
    Ja: {{FOR:A}}; {{FOR:F}}; {{FOR:Ø}}; {{FOR:B}}
    Nej: {{MOD:V}}; {{MOD:C}}; {{MOD:O}}
    Forslaget blev dermed vedtaget.
""")
I(F, "Bornholms Regionskommune", "Kommunalbestyrelsen", "2018-06-21", "A7 F2 Ø2 -1 V6 C2 O1",
  "Ulla Kofoed:-", """
    Kommunalbestyrelsen godkendte indstillingen.
    For stemte 12: {{FOR:A}}, {{FOR:F}}, {{FOR:Ø}} og {{FOR:Ulla Kofoed (UFP)}}
    Imod stemte 9: {{MOD:V}}, {{MOD:C}} og {{MOD:O}}
""", counts=(12, 9, None))
I(F, "Frederiksberg Kommune", "Kommunalbestyrelsen", "2023-11-13", "C9 A6 Ø3 F3 B2 V1 I1", "", """
    Indstillingen blev godkendt.
    For stemte {{FOR:A-gruppen}}, {{FOR:Ø-gruppen}}, {{FOR:F-gruppen}} og {{FOR:B-gruppen}}.
    Imod stemte {{MOD:C-gruppen}} og {{MOD:V-gruppen}}.
    {{UND:I-gruppen}} undlod at stemme.
""")
I(F, "Viborg Kommune", "Teknisk Udvalg", "2007-09-05", "",
  "Kim Toft:V; Trine Bach:V; Poul Damgaard:C; Bent Laursen:O; Kirsten Hvid:A; Ole Eriksen:A; "
  "Sofie Lund:B", """
    Udvalget anbefaler byrådet at godkende forslaget.

    Stemmeafgivning:
    * For: {{FOR:Kim Toft (V)}}, {{FOR:Trine Bach (V)}}, {{FOR:Poul Damgaard (C)}}, {{FOR:Bent Laursen (O)}}
    * Imod: {{MOD:Kirsten Hvid (A)}}, {{MOD:Ole Eriksen (A)}}
    * Undlod at stemme: {{UND:Sofie Lund (B)}}
""")
I(F, "Gentofte Kommune", "Kommunalbestyrelsen", "2025-03-24", "C11 A2 B2 V1 F1 Ø1 I1", "", """
    Der blev stemt om indstillingen.

    Følgende stemte for: {{FOR:C}}, {{FOR:V}}, {{FOR:B}} og {{FOR:A}}.
    Følgende stemte imod: {{MOD:F}}.
    Følgende undlod at stemme: {{UND:Ø}} og {{UND:I}}.

    Indstillingen blev godkendt.
""")
I(F, "Læsø Kommune", "Kommunalbestyrelsen", "2013-02-21", "",
  "Karl Kofoed:V; Birthe Holm:V; Svend Brandt:V; Ejnar Dahl:A; Marianne Toft:A; "
  "Steen Bundgaard:L; Tove Hvid:L; Hans Jakob Mikkelsen:C; Inge Lassen:O", """
    Der blev foretaget navneafstemning:
    {{FOR:Karl Kofoed (V)}} – ja
    {{FOR:Birthe Holm (V)}} – ja
    {{MOD:Ejnar Dahl (A)}} – nej
    {{MOD:Marianne Toft (A)}} – nej
    {{FOR:Steen Bundgaard (L)}} – ja
    {{UND:Tove Hvid (L)}} – hverken for eller imod
    {{FOR:Hans Jakob Mikkelsen (C)}} – ja
    {{MOD:Inge Lassen (O)}} – nej
    {{ABS:Svend Brandt (V)}} – fraværende
    Forslaget blev vedtaget med 4 stemmer mod 3.
""", counts=(4, 3, None))

# ---------------------------------------------------------------------------
# 2. majority_minority
# ---------------------------------------------------------------------------
F = "majority_minority"
I(F, "Holbæk Kommune", "Byrådet", "2015-10-14", "A11 V9 C3 O3 F2 Ø2 B1", "", """
    Et flertal bestående af {{FOR:A}}, {{FOR:V}} og {{FOR:C}} godkendte indstillingen.
    Et mindretal ({{MOD:Ø}} og {{MOD:F}}) stemte imod.
""")
I(F, "Aalborg Kommune", "Magistraten", "2013-06-03", "A3 V2 C1 F1", "", """
    Flertallet ({{FOR:A}}, {{FOR:V}} og {{FOR:C}}) anbefaler byrådet at godkende indstillingen.
    Mindretallet ({{MOD:SF}}) kunne ikke tiltræde indstillingen og henviser til, at de boligsociale hensyn bør vægtes højere.
""")
I(F, "Odense Kommune", "By- og Kulturudvalget", "2018-05-15", "A3 V2 C1 Ø1 F1 O1", "", """
    Et enigt udvalg bortset fra {{MOD:Enhedslisten}} anbefaler, at byrådet godkender lokalplanforslaget.
    {{MOD:Enhedslisten}} stemte imod med henvisning til, at andelen af almene boliger er for lav.
""")
I(F, "Næstved Kommune", "Byrådet", "2009-02-24", "A12 V9 C3 O2 F2 B1 Ø1 -1",
  "Carsten Juhl:O; Pia Hvid:O; Knud Sloth:-", """
    Byrådets flertal godkendte indstillingen.
    Et mindretal bestående af {{MOD:Carsten Juhl (O)}}, {{MOD:Pia Hvid (O)}} og {{MOD:Knud Sloth (UP)}} stemte imod.
""")
I(F, "Vordingborg Kommune", "Økonomiudvalget", "2017-08-16", "A3 V2 O2 Ø1 Å1", "", """
    Anbefales over for byrådet af et flertal bestående af {{FOR:Socialdemokratiet}}, {{FOR:Venstre}} og {{FOR:Dansk Folkeparti}}.
    Et mindretal bestående af {{MOD:Enhedslisten}} og {{MOD:Alternativet}} kunne ikke anbefale indstillingen, men ønsker sagen sendt tilbage til administrationen med henblik på et nyt forslag til placering.
""")
I(F, "Sønderborg Kommune", "Byrådet", "2021-12-15", "A11 V8 S3 C3 Ø2 O1 F2 B1", "", """
    1. Godkendt.
    2. Godkendt. Et flertal bestående af {{FOR p2:A}}, {{FOR p2:V}}, {{FOR p2:Slesvigsk Parti}} og {{FOR p2:C}} stemte for. Et mindretal bestående af {{MOD p2:Ø}} og {{MOD p2:O}} stemte imod.
    3. Godkendt.
""")
I(F, "Køge Kommune", "Byrådet", "2011-01-25", "V10 O3 C3 A10 F4 Ø1", "", """
    Indstillingen blev godkendt af et flertal bestående af {{FOR:V}}, {{FOR:O}} og {{FOR:C}}.
    Mindretallet {{MOD:A}}, {{MOD:F}} og {{MOD:Ø}} stemte imod, idet de ønsker den nuværende skolestruktur fastholdt.
""")
I(F, "Hjørring Kommune", "Udvalget for Teknik og Miljø", "2006-09-12", "",
  "Niels Overgaard:V; Jette Bak:V; Grethe Lund:V; Erik Brandt:C; Henrik Thomsen:A; Ib Madsen:A; "
  "Susanne Kjær:F", """
    Et flertal i udvalget ({{FOR:Niels Overgaard (V)}}, {{FOR:Jette Bak (V)}}, {{FOR:Grethe Lund (V)}} og {{FOR:Erik Brandt (KF)}}) tiltræder forvaltningens indstilling.
    Mindretallet ({{MOD:Henrik Thomsen (S)}}, {{MOD:Ib Madsen (S)}} og {{MOD:Susanne Kjær (SF)}}) kan ikke tiltræde, idet man ønsker en alternativ placering af genbrugspladsen undersøgt.
""")
I(F, "Lyngby-Taarbæk Kommune", "Økonomiudvalget", "2019-03-14", "C4 V1 I1 A1 B1 F1", "", """
    Et flertal ({{FOR:C}}, {{FOR:V}} og {{FOR:I}}) anbefalede indstillingen.
    Et mindretal ({{MOD:A}}, {{MOD:B}} og {{MOD:F}}) stemte imod og anbefalede i stedet, at projektet nedskaleres.
    Ø er ikke repræsenteret i udvalget.
""")
I(F, "Horsens Kommune", "Byrådet", "2023-06-27", "A12 V8 C3 F2 Ø2 O1 Æ2 B1", "", """
    Indstillingen blev godkendt af et enigt byråd bortset fra {{MOD:Dansk Folkeparti}} og {{MOD:Danmarksdemokraterne}}, der stemte imod.
""")
I(F, "Fredericia Kommune", "Social- og Sundhedsudvalget", "2014-11-05", "A3 O1 V3", "", """
    Flertallet ({{FOR:A}} og {{FOR:O}}) anbefaler indstillingen.
    Mindretallet ({{RES:V}}) tager forbehold for sagens videre behandling i byrådet.
""")
I(F, "Kalundborg Kommune", "Byrådet", "2012-05-23", "V11 O3 C2 A8 F4 Ø1", "", """
    Et flertal bestående af {{FOR:Venstre}}, {{FOR:Dansk Folkeparti}} og {{FOR:Det Konservative Folkeparti}} godkendte indstillingen.
    Et mindretal bestående af {{MOD:Socialdemokraterne}} og {{MOD:SF}} stemte imod.
    {{UND:Enhedslisten}} undlod at stemme.
""")
I(F, "Slagelse Kommune", "Økonomiudvalget", "2024-08-19", "A4 V2 C1 O1 Æ1 Ø1 F1",
  "Anders Hussain:Ø; Mette Ravn:F", """
    Økonomiudvalget anbefaler over for byrådet, at indstillingen godkendes.
    Et mindretal bestående af {{MOD:Anders Hussain (Ø)}} og {{MOD:Mette Ravn (F)}} kan ikke anbefale indstillingen.
    Flertallet bestående af de øvrige medlemmer anbefaler indstillingen.
""")
I(F, "Københavns Kommune", "Teknik- og Miljøudvalget", "2020-02-03", "A2 B1 F2 Ø1 Å1 C1 O1 V2", "", """
    Et flertal på 7 medlemmer ({{FOR:A}}, {{FOR:B}}, {{FOR:F}}, {{FOR:Ø}} og {{FOR:Å}}) godkendte indstillingen.
    Et mindretal på 4 medlemmer ({{MOD:C}}, {{MOD:O}} og {{MOD:V}}) stemte imod.
""", counts=(7, 4, None))
I(F, "Haderslev Kommune", "Økonomiudvalget", "2010-05-18", "V4 O1 C1 A3", "", """
    Sagen anbefales af flertallet ({{FOR:V}}, {{FOR:O}}, {{FOR:C}}).
    Mindretallet ({{MOD:A}}) kan ikke anbefale sagen.
""")

# ---------------------------------------------------------------------------
# 3. individual_statements
# ---------------------------------------------------------------------------
F = "individual_statements"
I(F, "Esbjerg Kommune", "Børn & Familie", "2017-04-03", "A3 V3 O1 C1 F1", "Kim Laursen:O", """
    Godkendt.
    {{MOD:Kim Laursen (O)}} kunne ikke tiltræde indstillingen.
""")
I(F, "Aabenraa Kommune", "Teknik- og Miljøudvalget", "2013-09-10", "V3 A2 O1 S1",
  "Jørgen Iversen:V; Anne Marie Thomsen:A", """
    Godkendt.
    {{RES:Jørgen Iversen (V)}} tog forbehold.
    Anne Marie Thomsen (A) begærede sagen i byrådet.
""")
I(F, "Svendborg Kommune", "Byrådet", "2016-02-23", "A10 V7 C2 O4 F2 Ø2 B1 Å1", "", """
    Godkendt.
    {{MOD:Enhedslisten}} stemte imod.
    {{RES:Venstre}} tog et generelt forbehold for de økonomiske konsekvenser.
""")
I(F, "Tønder Kommune", "Byrådet", "2010-06-28", "V12 A8 S2 O3 C3 F2 Ø1",
  "Ulrik Damgaard:Ø; Helle Friis:F", """
    Byrådet godkendte indstillingen.
    {{UND:Ulrik Damgaard (Ø)}} undlod at stemme.
    {{UND:Helle Friis (F)}} stemte hverken for eller imod.
""")
I(F, "Ringkøbing-Skjern Kommune", "Teknik- og Miljøudvalget", "2022-10-11", "V4 A2 C1",
  "Brian Mikkelsen:A; Ole Kirkegaard:V", """
    Godkendt.
    {{MOD:Brian Mikkelsen (A)}} kan ikke medvirke til en forringelse af busbetjeningen i landdistrikterne og stemte imod.
    Ole Kirkegaard (V) fastholdt sin indstilling fra udvalgets møde i august.
""")
I(F, "Varde Kommune", "Plan- og Teknikudvalget", "2019-11-05", "V3 A2 O1 C1",
  "Lars Jakobsen:O; Susanne Bundgaard:C", """
    Godkendt.
    {{MOD:Lars Jakobsen (O)}} ønskede ikke at medvirke til at godkende indstillingen.
    {{RES:Susanne Bundgaard (C)}} forbeholdt sig ret til at genoptage sagen i byrådet.
""")
I(F, "Middelfart Kommune", "Økonomiudvalget", "2008-03-04", "V4 A3 Ø1 C1",
  "Steffen Hvid:Ø; Birgit Lund:V", """
    1. Anbefales.
    2. Anbefales. {{MOD p2:Steffen Hvid (Ø)}} stemmer imod.
    3. Anbefales, idet {{RES p3:Birgit Lund (V)}} tager forbehold.
""")
I(F, "Hillerød Kommune", "Byrådet", "2021-04-28", "A9 V6 C4 Ø2 F2 B1 Å1 O1 D1", "", """
    Indstillingen blev ikke godkendt.
    {{FOR:Alternativet}} og {{FOR:Enhedslisten}} kunne tiltræde indstillingen.
    De øvrige partier stemte imod.
""")
I(F, "Guldborgsund Kommune", "Byrådet", "2023-09-28", "A11 V7 C3 F2 Ø1 O1 Æ2 D1 B1",
  "Jens Erik Skov:D; Tina Laursen:Æ", """
    Godkendt.
    {{UND:Jens Erik Skov (D)}} stemte blankt.
    {{MOD:Tina Laursen (Æ)}} stemte imod.
""")
I(F, "Faxe Kommune", "Kultur- og Fritidsudvalget", "2014-01-14", "A3 V2 O1 F1", "Morten Ravn:V", """
    Udvalget godkendte ansøgningen om underskudsgaranti.
    {{MOD:Morten Ravn (V)}} kunne ikke tiltræde og begærede sagen i byrådet.
""")
I(F, "Thisted Kommune", "Byrådet", "2020-12-15", "V13 A8 C1 O2 F1 Ø1 B1", "", """
    Godkendt.
    {{MOD:Venstre}} stemte imod.
    {{FOR:Socialdemokratiet}} stemte for, men ønsker ført til protokol, at forvaltningen skal følge udgiftsudviklingen tæt.
""")
I(F, "Lolland Kommune", "Byrådet", "2007-06-21", "A14 V8 O3 C2 F3 Ø1", "Kirsten Vestergaard:C", """
    Indstillingen blev godkendt.
    {{UND:Kirsten Vestergaard (C)}} undlod at tage stilling, da hun ikke havde haft lejlighed til at sætte sig ind i sagen.
""")
I(F, "Ballerup Kommune", "Økonomiudvalget", "2025-02-11", "A4 F1 C1 I1 V1 Ø1", "", """
    Ad 1: Anbefales.
    Ad 2: Anbefales. {{MOD p2:Liberal Alliance}} kan ikke anbefale punkt 2.
    Ad 3: Anbefales. {{RES p3:Det Konservative Folkeparti}} tager forbehold til byrådets behandling.
""")
I(F, "Struer Kommune", "Byrådet", "2011-08-30", "V9 A8 O3 C2 F2 B1",
  "Lene Hussain:F; Bo Krogh:V; Knud Ravn:O", """
    Godkendt.
    {{MOD:Lene Hussain (F)}} fik ført til protokol, at hun stemte imod, da tilskuddet efter hendes opfattelse er for lavt.
    {{RES:Bo Krogh (V)}} og {{RES:Knud Ravn (O)}} tog forbehold.
""")
I(F, "Rebild Kommune", "Byrådet", "2016-09-29", "V12 A7 O3 C2 Ø1 F1 B1", "", """
    Godkendt.
    {{FOR:Venstre}} kan tiltræde forslaget, men ønsker sagen evalueret efter et år.
    {{UND:Enhedslisten}} stemmer hverken for eller imod.
    {{MOD:SF}} kunne ikke tiltræde forslaget.
""")

# ---------------------------------------------------------------------------
# 4. absence_conflict
# ---------------------------------------------------------------------------
F = "absence_conflict"
I(F, "Gladsaxe Kommune", "Byrådet", "2018-05-02", "A12 V3 C2 F3 Ø2 B1 O2",
  "Mette Dahl:A; Jonas Bak:Ø", """
    Godkendt.

    Fraværende: {{ABS:Mette Dahl (A)}}, {{ABS:Jonas Bak (Ø)}}
""")
I(F, "Rudersdal Kommune", "Økonomiudvalget", "2016-09-14", "C4 V3 A1 B1",
  "Hans Krogh:V; Line Poulsen:V", """
    Anbefales.

    Afbud: {{ABS:Hans Krogh (V)}}.
    Stedfortræder Line Poulsen (V) deltog i stedet.
""")
I(F, "Hvidovre Kommune", "Kommunalbestyrelsen", "2012-11-27", "A12 V4 F3 O3 C1 Ø1 B1",
  "Pia Thomsen:F; Allan Madsen:V", """
    Godkendt.
    Forfald: {{ABS:Pia Thomsen (F)}}, {{ABS:Allan Madsen (V)}}
""")
I(F, "Frederikssund Kommune", "Byrådet", "2019-08-28", "A10 V8 C3 O3 F2 Ø2 B1", "Lisbeth Kjær:A", """
    {{INH:Lisbeth Kjær (A)}} erklærede sig inhabil og forlod mødet under behandlingen af punktet.

    Godkendt.
""")
I(F, "Herlev Kommune", "Kommunalbestyrelsen", "2015-06-17", "A9 C2 V2 F2 Ø2 O2",
  "Thomas Vestergaard:C", """
    Kommunalbestyrelsen erklærede {{INH:Thomas Vestergaard (C)}} inhabil i sagen, og han deltog ikke i behandlingen.
    Indstillingen blev godkendt.
""")
I(F, "Egedal Kommune", "Plan- og Teknikudvalget", "2021-10-06", "V3 A2 C1 Ø1",
  "Niels Krogh:V; Signe Dahl:Ø", """
    Udvalget vurderede, at {{INH:Niels Krogh (V)}} var inhabil, da hans ægtefælle er ansat i den virksomhed, der har søgt om dispensation.
    Godkendt.
    Ikke til stede: {{ABS:Signe Dahl (Ø)}}
""")
I(F, "Ishøj Kommune", "Kommunalbestyrelsen", "2010-01-26", "A9 V4 F2 O2 C1 Ø1",
  "Kasper Hansen:A; Maria Yilmaz:A; Erik Holm:V", """
    Meldt afbud: {{ABS:Kasper Hansen (A)}}, {{ABS:Maria Yilmaz (A)}} og {{ABS:Erik Holm (V)}}.

    Godkendt.
""")
I(F, "Skive Kommune", "Byrådet", "2017-02-21", "V12 A9 O3 C2 F2 Ø1", "Per Winther:V", """
    {{ABS:Per Winther (V)}} deltog ikke i behandlingen af punktet.
    Godkendt.
""")
I(F, "Holstebro Kommune", "Kultur- og Fritidsudvalget", "2024-04-09", "A2 V2 L1 C1 F1",
  "Anne Bach:A; Jan Kofoed:L", """
    Godkendt.
    {{ABS:Anne Bach (A)}} forlod mødet under punktet.
    {{INH:Jan Kofoed (L)}} deltog ikke pga. inhabilitet.
""")
I(F, "Tårnby Kommune", "Økonomiudvalget", "2008-12-10", "A5 C1 O1 V1 F1",
  "Bent Christiansen:A; Ole Møller:C", """
    Anbefales.
    Fraværende med afbud: {{ABS:Bent Christiansen (A)}}.
    Ole Møller (C) forlod mødet efter behandlingen af dette punkt.
""")
I(F, "Assens Kommune", "Byrådet", "2013-04-30", "V12 A9 O3 C2 F2 B1",
  "Marianne Juhl:V; Lars Olsen:V", """
    I stedet for {{ABS:Marianne Juhl (V)}}, der havde forfald, deltog stedfortræder Lars Olsen (V).
    Godkendt.
""")
I(F, "Halsnæs Kommune", "Byrådet", "2022-03-16", "A10 V5 C3 F2 Ø2 O1 D1 B1",
  "Karina Lassen:A; Torben Nielsen:Ø", """
    Byrådet besluttede, at Karina Lassen (A) ikke var inhabil.
    Byrådet erklærede {{INH:Torben Nielsen (Ø)}} inhabil, og han forlod mødet under sagens behandling.
    Godkendt.
""")
I(F, "Mariagerfjord Kommune", "Udvalg for Sundhed og Ældre", "2009-05-12", "A3 V2 O1 C1",
  "Kurt Bach:A; Jytte Sørensen:A", """
    1. Godkendt.
    2. Godkendt. {{INH p2:Kurt Bach (A)}} var inhabil i punkt 2 og deltog ikke i behandlingen heraf.
    Fraværende: {{ABS:Jytte Sørensen (A)}}
""")
I(F, "Lejre Kommune", "Kommunalbestyrelsen", "2025-01-30", "A8 V6 C3 Å2 B2 F3 Ø2 I1",
  "Frederik Nørgaard:Å; Tina Bak:B; Carsten Holm:V", """
    Godkendt.
    Afbud: {{ABS:Frederik Nørgaard (Å)}} og {{ABS:Tina Bak (B)}}.
    {{ABS:Carsten Holm (V)}} var fraværende under behandlingen af punktet.
""")
I(F, "Rødovre Kommune", "Kommunalbestyrelsen", "2014-10-28", "A10 C2 V2 F2 O2 Ø1",
  "Emil Lauridsen:C; Ahmad Hassan:A", """
    Ikke til stede:
    - {{ABS:Emil Lauridsen (C)}}
    - {{ABS:Ahmad Hassan (A)}}

    Indstillingen blev godkendt.
""")
I(F, "Odsherred Kommune", "Erhvervs- og Turismeudvalget", "2016-06-07", "V3 A3 O1",
  "Jens Ravn:V; Bodil Holm:A; Kaj Winther:A", """
    {{INH:Jens Ravn (V)}} gjorde opmærksom på sin inhabilitet og deltog ikke i sagens behandling.
    Kaj Winther (A) deltog som stedfortræder for Bodil Holm (A).
    Godkendt.
""")

# ---------------------------------------------------------------------------
# 5. counts
# ---------------------------------------------------------------------------
F = "counts"
I(F, "Køge Kommune", "Byrådet", "2019-10-22", "A6 Ø2 V10 C4 O3 F2 B2 I2", "", """
    Indstillingen blev godkendt med 21 stemmer for og 8 imod ({{MOD:A}}, {{MOD:Ø}}). 2 medlemmer var fraværende.
""", counts=(21, 8, None))
I(F, "Vejen Kommune", "Økonomiudvalget", "2016-05-10", "V4 A2 O2 C1", "", """
    Anbefales over for byrådet.
    For: 5, imod: 3, undlod: 1
""", counts=(5, 3, 1))
I(F, "Ikast-Brande Kommune", "Byrådet", "2012-04-23", "V11 A7 O3 C2 F1 B1", "", """
    Forslaget blev vedtaget med 20 mod 5 stemmer.
""", counts=(20, 5, None))
I(F, "Hedensted Kommune", "Byrådet", "2020-11-25", "V11 A8 C2 O2 F2 Ø2", "", """
    Enhedslistens forslag blev forkastet med 4 stemmer ({{FOR:Ø}} og {{FOR:F}}) mod 23.
""", counts=(4, 23, None))
I(F, "Favrskov Kommune", "Økonomiudvalget", "2015-06-23", "A4 F1 V3 O1", "Gitte Bak:V", """
    Anbefales.
    5 stemte for ({{FOR:A}} og {{FOR:F}}), 2 imod ({{MOD:V}}), 1 undlod ({{UND:O}}).
    Fraværende: {{ABS:Gitte Bak (V)}}
""", counts=(5, 2, 1))
I(F, "Syddjurs Kommune", "Byrådet", "2018-01-31", "A10 F2 Ø2 B2 V7 C2 O1 I1", "", """
    Godkendt.
    For stemte 16: {{FOR:A}}, {{FOR:F}}, {{FOR:Ø}} og {{FOR:B}}.
    Imod stemte 11: {{MOD:V}}, {{MOD:C}}, {{MOD:O}} og {{MOD:I}}.
""", counts=(16, 11, None))
I(F, "Fanø Kommune", "Kommunalbestyrelsen", "2009-09-17", "V3 L3 A3 C2", "", """
    Indstillingen blev godkendt med 6 stemmer mod 5.
    For stemte {{FOR:V}} og {{FOR:L}}.
    Imod stemte {{MOD:A}} og {{MOD:C}}.
""", counts=(6, 5, None))
I(F, "Aarhus Kommune", "Byrådet", "2011-09-28", "A12 V5 C2 B3 O2 I2 Ø2 F2 -1", "Søren Dahl:-", """
    Indstillingen blev vedtaget med 25 stemmer for ({{FOR:A}}, {{FOR:V}}, {{FOR:C}}, {{FOR:B}}, {{FOR:O}} og {{FOR:I}}) og 4 stemmer imod ({{MOD:Ø}} og {{MOD:F}}).
    {{UND:Søren Dahl (UFP)}} undlod at stemme.
""", counts=(25, 4, None))
I(F, "Esbjerg Kommune", "Byrådet", "2023-05-08", "A10 V7 C2 F1 B1 Ø1 O2 Æ5 D2", "", """
    Godkendt.
    Stemmerne fordelte sig således:
    For: 22 ({{FOR:A}}, {{FOR:V}}, {{FOR:C}}, {{FOR:F}}, {{FOR:B}}, {{FOR:Ø}})
    Imod: 9 ({{MOD:O}}, {{MOD:Æ}}, {{MOD:D}})
""", counts=(22, 9, None))
I(F, "Odder Kommune", "Byrådet", "2006-11-13", "A8 B1 F2 V5 O1 C2", "", """
    Vedtaget med 11 stemmer mod 6 ({{MOD:V}} og {{MOD:DF}}).
    2 medlemmer undlod at stemme.
""", counts=(11, 6, 2))
I(F, "Nordfyns Kommune", "Byrådet", "2014-03-20", "A5 F1 Ø1 V12 C2 O3 B1", "", """
    Forslaget blev nedstemt.
    For stemte 7 ({{FOR:Ø}}, {{FOR:F}} og {{FOR:A}}).
    Imod stemte 18 ({{MOD:V}}, {{MOD:C}}, {{MOD:O}} og {{MOD:B}}).
""", counts=(7, 18, None))
I(F, "Stevns Kommune", "Økonomiudvalget", "2022-06-14", "V2 C1 O1 A2 Ø1", "", """
    1. Anbefales.
    2. Anbefales med 4 stemmer for og 3 imod ({{MOD p2:A}} og {{MOD p2:Ø}}).
    3. Anbefales.
""", counts=(4, 3, None))
I(F, "Københavns Kommune", "Økonomiudvalget", "2021-03-16", "A4 F2 Ø1 Å1 V2 C1 B2", "", """
    Indstillingen blev godkendt efter følgende afstemning:
    For stemte 8 medlemmer: {{FOR:A}}, {{FOR:F}}, {{FOR:Ø}} og {{FOR:Å}}.
    Imod stemte 3 medlemmer: {{MOD:V}} og {{MOD:C}}.
    Hverken for eller imod stemte 2 medlemmer: {{UND:B}}.
""", counts=(8, 3, 2))
I(F, "Lemvig Kommune", "Byrådet", "2008-02-26", "V9 A6 O2 C2 F1 Ø1",
  "Kurt Skov:Ø; Poul Erik Lund:V", """
    Med stemmerne 19 for og 1 imod godkendte byrådet indstillingen.
    Imod stemte {{MOD:Kurt Skov (Ø)}}.
    Fraværende: {{ABS:Poul Erik Lund (V)}}
""", counts=(19, 1, None))
I(F, "Brønderslev Kommune", "Byrådet", "2010-10-28", "V12 A8 O2 C2 F2 B1", "", """
    Indstillingen godkendtes med 14 stemmer mod 11, idet 2 undlod at stemme.
""", counts=(14, 11, 2))

# ---------------------------------------------------------------------------
# 6. amendments_procedure
# ---------------------------------------------------------------------------
F = "amendments_procedure"
I(F, "Københavns Kommune", "Teknik- og Miljøudvalget", "2019-09-30", "A3 F2 Ø2 B1 Å1 C1 V1", "", """
    Ændringsforslag stillet af Det Konservative Folkeparti:
    "Udvalget anmoder forvaltningen om at bevare de 40 parkeringspladser på strækningen."
    Ændringsforslaget blev forkastet efter følgende afstemning:
    For stemte: {{FOR a0:C}} og {{FOR a0:V}}.
    Imod stemte: {{MOD a0:A}}, {{MOD a0:F}}, {{MOD a0:Ø}}, {{MOD a0:B}} og {{MOD a0:Å}}.
    Indstillingen blev herefter godkendt uden afstemning.
""", amends=[am("C", "REJECTED")])
I(F, "Aarhus Kommune", "Byrådet", "2017-05-24", "A12 B3 F2 Ø3 Å1 V6 C2 O1 I1", "", """
    Venstre stillede forslag om, at der ikke indføres betalingsparkering i Marselisborgskovene.
    For forslaget stemte {{FOR a0:V}}, {{FOR a0:C}}, {{FOR a0:O}} og {{FOR a0:I}}.
    Imod stemte {{MOD a0:A}}, {{MOD a0:B}}, {{MOD a0:F}}, {{MOD a0:Ø}} og {{MOD a0:Å}}.
    Forslaget blev forkastet.
    Indstillingen blev herefter vedtaget. {{MOD:V}}, {{MOD:C}}, {{MOD:O}} og {{MOD:I}} stemte imod.
""", amends=[am("V", "REJECTED")])
I(F, "Odense Kommune", "Byrådet", "2020-10-07", "A13 B2 F3 Ø2 V5 C2 O2", "", """
    Ændringsforslag fra Enhedslisten og SF: Punkt 3 ændres, så tilskuddet fastsættes til 2 mio. kr.
    Ændringsforslaget blev vedtaget med stemmer fra {{FOR a0:Ø}}, {{FOR a0:F}}, {{FOR a0:A}} og {{FOR a0:B}}. {{MOD a0:V}}, {{MOD a0:C}} og {{MOD a0:O}} stemte imod.
    Indstillingen blev herefter godkendt som ændret. {{MOD:V}} stemte imod.
""", amends=[am(["Ø", "F"], "APPROVED")])
I(F, "Vejle Kommune", "Byrådet", "2015-04-29", "V12 A9 O4 C2 B1 F2 Ø1", "", """
    Dansk Folkeparti stillede forslag om at udsætte sagen.
    For udsættelse stemte: {{FOR:O}} og {{FOR:C}}
    Imod udsættelse stemte: {{MOD:V}}, {{MOD:A}}, {{MOD:B}}, {{MOD:F}} og {{MOD:Ø}}
    Forslaget om udsættelse blev forkastet.
    Indstillingen blev herefter godkendt. {{MOD:O}} stemte imod.
""")
I(F, "Aalborg Kommune", "Byrådet", "2012-03-19", "A12 V7 C3 F4 O3 B1 Ø1", "Hans Henrik Brandt:F", """
    Rådmand Hans Henrik Brandt (F) fremsatte ændringsforslag om, at ordningen evalueres efter et år.
    Ændringsforslaget blev vedtaget uden afstemning.
    Indstillingen blev herefter godkendt med den vedtagne ændring.
    Imod stemte {{MOD:Dansk Folkeparti}}.
""", amends=[am([("Hans Henrik Brandt", "F")], "APPROVED")])
I(F, "Helsingør Kommune", "Byrådet", "2019-02-25", "A11 V5 C4 Ø3 Å2 F2 O3 B1", "", """
    Enhedslisten stillede forslag om, at sagen udgik af dagsordenen.
    For forslaget stemte {{FOR:Ø}} og {{FOR:Å}}. Øvrige partier stemte imod. Forslaget faldt.
    Indstillingen blev herefter godkendt. {{MOD:Ø}} og {{MOD:Å}} stemte imod.
""")
I(F, "Kolding Kommune", "Økonomiudvalget", "2018-09-17", "V3 O1 A4 C2 F1", "", """
    V fremsatte ændringsforslag om, at anlægsbevillingen nedsættes til 12 mio. kr.
    For forslaget stemte {{FOR a0:V}} og {{FOR a0:O}}. Imod stemte {{MOD a0:A}}, {{MOD a0:C}} og {{MOD a0:F}}. Forslaget blev forkastet.
    C fremsatte ændringsforslag om, at projektet udbydes i totalentreprise.
    Ændringsforslaget blev enstemmigt vedtaget.
    Indstillingen med den vedtagne ændring blev herefter anbefalet.
""", amends=[am("V", "REJECTED"), am("C", "APPROVED")])
I(F, "Silkeborg Kommune", "Byrådet", "2009-06-22", "A10 F4 V10 C3 O3 B1", "", """
    Socialdemokraterne fremsatte et ændringsforslag om at fastholde åbningstiderne på biblioteksfilialerne.
    For ændringsforslaget stemte {{FOR a0:Socialdemokraterne}} og {{FOR a0:SF}}.
    Indstillingen blev godkendt. {{MOD:Socialdemokraterne}} og {{MOD:SF}} stemte imod.
""", amends=[am("Socialdemokraterne", None)])
I(F, "Gribskov Kommune", "Byrådet", "2023-03-27", "V9 A6 C3 B1 Å1 Ø1 F2 O1 D1",
  "Pernille Holm:B; Rasmus Lund:Å; Sara Buch:Ø", """
    Ændringsforslag stillet af Pernille Holm (B) og Rasmus Lund (Å):
    "Byrådet beslutter, at der afsættes 500.000 kr. til naturgenopretning i 2024."
    For ændringsforslaget: {{FOR a0:Pernille Holm (B)}}, {{FOR a0:Rasmus Lund (Å)}}, {{FOR a0:Sara Buch (Ø)}}
    Imod: Øvrige
    Ændringsforslaget er forkastet.
    Indstillingen godkendt.
""", amends=[am([("Pernille Holm", "B"), ("Rasmus Lund", "Å")], "REJECTED")])
I(F, "Frederikshavn Kommune", "Byrådet", "2016-11-30", "V11 O3 C1 A11 F1 Ø2 B2", "", """
    Venstre foreslog sagen udsat til næste møde.
    For udsættelse stemte {{FOR:V}}, {{FOR:O}} og {{FOR:C}} (15).
    Imod udsættelse stemte {{MOD:A}} og {{MOD:F}} (12).
    {{UND:Ø}} og {{UND:B}} undlod at stemme.
    Sagen blev udsat.
""", counts=(15, 12, None))
I(F, "Roskilde Kommune", "Byrådet", "2013-08-28", "A13 F4 B2 Ø1 V7 C3 O1", "", """
    Ad 1: Godkendt.
    Ad 2: Ændringsforslag fra Det Radikale Venstre om at hæve tilskuddet til 150.000 kr. blev godkendt. Imod stemte {{MOD p2 a0:V}} og {{MOD p2 a0:C}}.
    Ad 2 blev herefter godkendt som ændret.
""", amends=[am("Det Radikale Venstre", "APPROVED")])
I(F, "Sorø Kommune", "Byrådet", "2021-06-30", "V8 A6 C2 O3 F1 Ø1", "", """
    Ændringsforslag fra Dansk Folkeparti: Byrådet fastholder den nuværende takst for hjemmeservice.
    Ændringsforslaget blev forkastet med 3 stemmer for ({{FOR a0:O}}) og 18 imod.
    Indstillingen blev herefter vedtaget med 18 stemmer for og 3 imod ({{MOD:O}}).
""", counts=(18, 3, None), amends=[am("Dansk Folkeparti", "REJECTED")])
I(F, "Aabenraa Kommune", "Byrådet", "2024-04-17", "V10 A8 S3 C3 Æ2 F2 Ø1 O1 I1", "", """
    Slesvigsk Parti stillede ændringsforslag om, at grænsen for tilskud hæves til 75 %.
    Ændringsforslaget blev godkendt, idet {{RES a0:Venstre}} tog forbehold for ændringsforslagets finansiering.
    Herefter godkendt.
""", amends=[am("Slesvigsk Parti", "APPROVED")])
I(F, "Albertslund Kommune", "Kommunalbestyrelsen", "2014-12-09", "A10 F4 Ø2 V2 C2 O1",
  "Mikkel Bach:F", """
    Mikkel Bach (F) stillede ændringsforslag om, at huslejestigningen begrænses til 2 %.
    Ændringsforslaget blev trukket tilbage efter debat.
    Indstillingen blev godkendt. {{MOD:Ø}} stemte imod.
""", amends=[am([("Mikkel Bach", "F")], None)])

# ---------------------------------------------------------------------------
# 7. resolution_members
# ---------------------------------------------------------------------------
F = "resolution_members"
I(F, "Furesø Kommune", "Byrådet", "2014-09-24", "A7 V5 C3 F2 Ø1 B2 O1",
  "Jesper Holm:Ø; Maria Lindhardt:F; Kim Eriksen:C", """
    Godkendt.
    {{MOD:Jesper Holm}} og {{MOD:Maria Lindhardt}} stemte imod.
    {{UND:Kim Eriksen}} undlod at stemme.
""")
I(F, "Allerød Kommune", "Kommunalbestyrelsen", "2017-01-30", "C6 V4 A5 F2 B2 Ø1 O1",
  "Lene Dahl:A; Erik Juhl:V", """
    Vedtaget.
    {{RES:Erik Juhl}} tog forbehold for finansieringen.
    Fraværende: {{ABS:Lene Dahl}}
""")
I(F, "Vesthimmerlands Kommune", "Økonomiudvalget", "2019-04-08", "V4 A3 F1 C1 O1 Ø1", "", """
    Anbefales.
    {{MOD:Soc.dem.}} og {{MOD:SF}} kunne ikke anbefale indstillingen.
    {{RES:Konservative}} tog forbehold.
""")
I(F, "Skagen Kommune", "Byrådet", "2005-10-25", "A6 V5 B1 C2 F1 O2", "", """
    Vedtaget.
    {{MOD:S}} stemte imod.
    {{UND:RV}} undlod at stemme.
""")
I(F, "Aarhus Kommune", "Magistraten", "2014-08-25", "A3 V1 F1 B1 C1",
  "Jens Bach:F; Hanne Toft Kristensen:V", """
    Magistraten indstiller til byrådet, at indstillingen godkendes.
    Rådmand {{MOD:Jens Bach}} kunne ikke tiltræde indstillingen.
    Rådmand {{RES:Hanne Toft Kristensen}} tog forbehold for byrådsbehandlingen.
""")
I(F, "Hjørring Kommune", "Byrådet", "2022-06-29", "V12 A9 C3 O2 Ø2 F2 Æ1",
  "Anne-Mette Bach-Jensen:Ø; Jens Christian Hvid:O; Morten Kirk-Larsen:V", """
    Indstillingen blev godkendt.
    Imod stemte {{MOD:Anne-Mette Bach-Jensen}} og {{MOD:Jens Christian Hvid}}.
    {{ABS:Morten Kirk-Larsen}} deltog ikke i behandlingen af punktet.
""")
I(F, "Langeland Kommune", "Byrådet", "2015-03-26", "V5 A4 L3 C1 O2",
  "Erling Kofoed:L; Birgit Ravn:L; Svend Aage Juhl:A", """
    Godkendt.
    {{MOD:Erling Kofoed}} og {{MOD:Birgit Ravn}} stemte imod.
    {{RES:Svend Aage Juhl}} tog forbehold vedrørende driftsudgifterne.
""")
I(F, "Norddjurs Kommune", "Byrådet", "2020-01-21", "A13 V7 C2 O3 F2 Ø2 B1 I1", "", """
    Godkendt.
    {{MOD:De Radikale}} og {{MOD:Enhedslisten}} stemte imod.
    {{UND:Liberal Alliance}} undlod at stemme.
""")
I(F, "Vallensbæk Kommune", "Kommunalbestyrelsen", "2009-11-24", "C7 V3 A5 O2 F2", "", """
    Kommunalbestyrelsen godkendte indstillingen.
    {{FOR:De Konservative}} og {{FOR:Venstre}} stemte for.
    {{MOD:Socialdemokraterne}}, {{MOD:Dansk Folkeparti}} og {{MOD:SF}} stemte imod.
""")
I(F, "Ringkøbing-Skjern Kommune", "Byrådet", "2018-02-20", "V15 A6 K2 C2 O3 F1 B1 Ø1",
  "Hans Østergaard:V", """
    Godkendt.
    {{MOD:Kristendemokraterne}} stemte imod.
    Borgmester {{ABS:Hans Østergaard}} deltog ikke i behandlingen af punktet, og 1. viceborgmester ledede mødet under punktet.
""")
I(F, "Solrød Kommune", "Plan- og Miljøudvalget", "2016-04-26", "",
  "Ib Skov:C; Marianne Dahl Frederiksen:V; Rikke Poulsen:A; Henrik Brandt:A; Julie Kjær:F", """
    Afstemning:
    For: {{FOR:Ib Skov}}, {{FOR:Marianne Dahl Frederiksen}}
    Imod: {{MOD:Rikke Poulsen}}, {{MOD:Henrik Brandt}}, {{MOD:Julie Kjær}}
    Indstillingen blev ikke godkendt.
""")
I(F, "Ærø Kommune", "Kommunalbestyrelsen", "2023-10-26", "V4 A4 M1 F2 C2 L2", "", """
    Godkendt.
    {{MOD:Moderaterne}} kunne ikke tiltræde indstillingen.
    {{RES:Socialistisk Folkeparti}} tog forbehold.
""")
I(F, "Kerteminde Kommune", "Byrådet", "2011-05-26", "V7 A7 C2 O2 F1",
  "Poul Friis:V; Anja Hansen:A; Bjarne Lund:A", """
    {{INH:Poul Friis}} erklærede sig inhabil og deltog ikke i behandlingen.
    Bjarne Lund deltog som stedfortræder for Anja Hansen.
    Godkendt.
""")
I(F, "Billund Kommune", "Byrådet", "2019-12-17", "V12 C1 A5 O1 F1 B1",
  "Gitte Lund:O; Bo Ravn:F", """
    Indstillingen blev godkendt.
    For stemte {{FOR:Venstre}} og {{FOR:Konservative}}.
    Imod stemte {{MOD:Socialdemokratiet}} og {{MOD:Gitte Lund}}.
    {{UND:Bo Ravn}} undlod at stemme.
""")
I(F, "Fredensborg Kommune", "Byrådet", "2020-08-31", "A9 C5 V4 F3 Ø2 B1 O1 D1 Å1", "Jonas Toft:C", """
    Godkendt.
    {{MOD:Enhedslisten - De Rød-Grønne}} og {{MOD:SF - Socialistisk Folkeparti}} stemte imod.
    {{ABS:Jonas Toft}} var fraværende.
""")

# ---------------------------------------------------------------------------
# 8. no_positions
# ---------------------------------------------------------------------------
F = "no_positions"
I(F, "Middelfart Kommune", "Byrådet", "2019-05-27", "V10 A8 C2 O2 F1 Ø1 B1", "", """
    Godkendt.
""")
I(F, "Brønderslev Kommune", "Byrådet", "2015-09-30", "V13 A8 O3 C1 F1 B1", "", """
    Enstemmigt vedtaget.
""")
I(F, "Jammerbugt Kommune", "Økonomiudvalget", "2021-11-22", "V3 A3 C1 O1 F1", "", """
    Anbefales over for byrådet.
""")
I(F, "Skanderborg Kommune", "Børne- og Skoleudvalget", "2013-01-15", "A3 V2 F1 C1", "", """
    Udvalget anbefaler enstemmigt indstillingen.
""")
I(F, "Haderslev Kommune", "Byrådet", "2022-05-31", "V10 A9 S1 C3 O2 F2 Ø2 D2", "", """
    Sagens forløb:
    Økonomiudvalget behandlede sagen den 17. maj 2022 og anbefalede indstillingen. Ø stemte imod, og V tog forbehold.

    Beslutning:
    Godkendt.
""")
I(F, "Vejen Kommune", "Teknik- og Miljøudvalget", "2018-03-06", "V3 A2 O1 C1", "", """
    Udvalget undlod at tage stilling og oversender sagen til Økonomiudvalget og byrådet uden indstilling.
""")
I(F, "Ringsted Kommune", "Byrådet", "2016-10-10", "V9 A8 O3 C2 F2 Ø1 B1 L1",
  "Karsten Bak:V; Ulla Madsen:V", """
    Karsten Bak (V) deltog som stedfortræder for Ulla Madsen (V).
    Godkendt.
""")
I(F, "Varde Kommune", "Byrådet", "2014-12-09", "V14 A8 O3 C2 F2", "Peter Holm:C", """
    Byrådet besluttede, at Peter Holm (C) ikke var inhabil.
    Godkendt.
""")
I(F, "Hørsholm Kommune", "Plan- og Miljøudvalget", "2020-09-07", "C3 A2 V1 F1", "Niels Jensen:A", """
    Niels Jensen (A) spurgte til sin habilitet, da han er medlem af bestyrelsen for boligforeningen. Udvalget fandt ikke, at han var inhabil.
    Anbefales.
""")
I(F, "Morsø Kommune", "Teknik- og Miljøudvalget", "2020-04-14", "V3 A2 C1 O1", "", """
    Mødet blev afholdt som videomøde på grund af covid-19-situationen.
    Taget til efterretning.
""")
I(F, "Aabenraa Kommune", "Byrådet", "2019-03-27", "V11 A9 S3 C2 O2 F2 Ø1 B1", "", """
    Sagsforløb: Teknik- og Miljøudvalget behandlede sagen den 4. marts 2019, hvor et flertal (A, F og S) anbefalede forslaget, mens V og C stemte imod. Økonomiudvalget anbefalede herefter sagen enstemmigt den 19. marts 2019.

    Byrådets beslutning den 27. marts 2019:
    Godkendt uden afstemning.
""")
I(F, "Assens Kommune", "Økonomiudvalget", "2021-02-09", "V4 A3 O1 C1", "", """
    Sagen blev udsat til næste møde efter ønske fra Venstre.
""")
I(F, "Norddjurs Kommune", "Udvalget for Natur og Miljø", "2012-08-14", "A3 V2 O1 F1", "Susanne Bak:O", """
    Godkendt.
    Susanne Bak (O) begærede sagen indbragt for byrådet.
""")
I(F, "Viborg Kommune", "Byrådet", "2024-06-19", "V12 A9 C3 F2 O1 Ø1 B1 Æ2", "", """
    Godkendt enstemmigt med 29 stemmer.
""", counts=(29, None, None))
I(F, "Odense Kommune", "Byrådet", "2022-04-20", "A13 V5 C3 Ø3 F2 B1 O1 Å1", "", """
    Godkendt.
    Enhedslisten ønskede ført til protokol, at partiet forventer, at ordningen evalueres efter et år.
""")
I(F, "Rebild Kommune", "Byrådet", "2017-11-30", "V12 A7 O3 C2 Ø1 F1 B1", "", """
    Sagen er optaget på dagsordenen efter anmodning fra Venstre.
    Byrådet drøftede sagen og oversendte den til behandling i Økonomiudvalget.
""")
I(F, "Svendborg Kommune", "Byrådet", "2009-01-27", "A10 V8 C2 O4 F3 Ø1 B1", "Jens Holm:A", """
    Borgmester Jens Holm (A) orienterede om mødet med Vejdirektoratet.
    Orienteringen blev taget til efterretning.
""")

if __name__ == "__main__":
    build()
