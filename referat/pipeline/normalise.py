"""Normalisers: the written form of an entity to the value the output contract
names. Pure functions, no spaCy. The words they know (months, scale words,
currencies, parties, authorities) come from the data files via `resources`.

Values (annotation scheme v1, output contract v1):

- AMOUNT  {"amount": 566200000.0, "currency": "DKK"}; a range adds "low" and
  "high", and "amount" is then the low end.
- DATE    {"iso": "2024-03-18"} | "2022-03" | "2023-Q1" | "2023-H2" | "2024" |
  "2024-W41"; a range gives {"iso": "2019/2024", "start": "2019", "end": "2024"};
  a season gives the year and {"season": "spring"|"summer"|"autumn"|"winter"};
  primo/medio/ultimo give {"part": "start"|"middle"|"end"}. A date without a
  year takes the meeting's year; with no meeting date it stays year-less in the
  ISO 8601 truncated form ("--01-28", "--W41") with {"year_missing": true}.
- PARTY   {"name": canonical name, "kind": one of resources.KINDS}
- PROJECT {"name": name without quotes, generic head or fused head}
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from referat.corpus.dates import iso, valid
from referat.corpus.letters import UPPER
from referat.pipeline import resources as lx

__all__ = ["normalise_amount", "normalise_date", "normalise_party", "normalise_project", "normalise"]


# --------------------------------------------------------------------- amounts


def parse_number(text: str) -> Decimal | None:
    """A Danish-written number: 1.071.288 / 566,2 / 1.500,- / -997.200 / 1 071 288."""
    s = text.strip().replace("\u2212", "-")
    neg = False
    if s[:1] in "-–":
        neg, s = True, s[1:]
    s = re.sub(r",[-–—]+$", "", s)
    s = re.sub(r"[ \u00a0\u202f]", "", s)
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif "." in s and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        pass  # a decimal point (1.5 mio.)
    else:
        s = s.replace(".", "")
    try:
        n = Decimal(s)
    except InvalidOperation:
        return None
    return -n if neg else n


def normalise_amount(text: str, resources: lx.Resources | None = None) -> dict | None:
    """`566,2 mio. kr.` -> {"amount": 566200000.0, "currency": "DKK"}; None when
    the text is no sum of money. A number without a currency is taken as DKK."""
    lex = (resources or lx.default_resources()).amounts
    t = re.sub(r"^(?:ca\.|ca|cirka|omkring|op til|under|over|mindst|max\.?|maks\.?)\s+", "", text.strip(), flags=re.I)
    t = t.rstrip(" ;:)").lstrip(" (>")
    t = re.sub(r"(?<=\.)/\S*$|\s*(?:/|pr\.\s*)(?:år|md\.?|måned|time|deltager|person|borger)\.?$", "", t)  # 250.000 kr./år
    m = lex.parser.match(t)
    if not m and t.endswith("."):
        m = lex.parser.match(t[:-1])
    if not m:
        return None
    g = m.groupdict()
    factor, currency = Decimal(1), None
    if g.get("fused"):
        f, currency = lex.fused[g["fused"]]
        factor = Decimal(str(f))
    if g.get("scale"):
        factor = Decimal(str(lex.scales[g["scale"]]))
    for key in ("cur", "pcur"):
        if g.get(key):
            currency = lex.currencies[g[key]]
    currency = currency or "DKK"
    n1 = parse_number(g["n1"])
    if n1 is None:
        return None
    if g.get("sign"):
        n1 = -n1
    value: dict = {"amount": float(n1 * factor), "currency": currency}
    if g.get("n2"):
        n2 = parse_number(g["n2"])
        if n2 is None:
            return None
        low, high = sorted([n1 * factor, n2 * factor])
        value = {"amount": float(low), "currency": currency, "low": float(low), "high": float(high)}
    return value


# ----------------------------------------------------------------------- dates

_LEAD = re.compile(
    r"^(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|den|d\.|pr\.|per|i|fra|til|siden|ca\.|"
    r"senest|medio\s+til)\s*)+",
    re.I,
)


def normalise_date(text: str, meeting_date: date | None = None, resources: lx.Resources | None = None) -> dict | None:
    """`18. marts 2024` -> {"iso": "2024-03-18"}; see the module docstring for
    every shape. None when the text holds no date."""
    lex = (resources or lx.default_resources()).dates
    t = " ".join(text.split()).strip(" ,;:()[]")
    t = _LEAD.sub("", t)
    if re.search(r"\d\.$", t) and re.search(r"\d{4}\.$", t):
        t = t[:-1]
    if not t:
        return None
    p = lex.patterns
    my = meeting_date.year if meeting_date else None
    m = p["day_range"].fullmatch(t) or p["month_range"].fullmatch(t)
    if m:  # a compact range shares its month and year: `16.-17. maj 2022`, `februar/marts 2023`
        y = int(m["y"]) if m["y"] else my
        mo = lex.month_number(m["m"])
        if "d1" in m.re.groupindex:
            start, end = (iso(y, mo, int(m["d1"])), iso(y, mo, int(m["d"]))) if valid(y, mo, int(m["d"])) else (None, None)
        else:
            start, end = iso(y, lex.month_number(m["m1"])), iso(y, mo)
        if start and end and start < end:
            out = {"iso": f"{start}/{end}", "start": start, "end": end}
            if y is None:
                out["year_missing"] = True
            return out
    # two dates joined by `til` / a dash: a range
    for sep in (r"\s+til\s+(?:og\s+med\s+)?", r"\s+[-–]\s+"):
        parts = re.split(sep, t, maxsplit=1)
        if len(parts) == 2:
            a = normalise_date(parts[0], meeting_date, resources)
            b = normalise_date(parts[1], meeting_date, resources)
            if a and b:
                return {"iso": f"{a['iso']}/{b['iso']}", "start": a["iso"], "end": b["iso"]}
    d = lex.data

    def full(name: str):
        return p[name].fullmatch(t)

    m = full("iso") or full("numeric")
    if m:
        y, mo, dd = int(m["y"]), int(m["m"]), int(m["d"])
        return {"iso": iso(y, mo, dd)} if valid(y, mo, dd) else None
    m = full("day_month")
    if m:
        mo, dd = lex.month_number(m["m"]), int(m["d"])
        y = int(m["y"]) if m["y"] else my
        if not mo or not valid(y, mo, dd):
            return None
        out = {"iso": iso(y, mo, dd)}
        if y is None:
            out["year_missing"] = True
        return out
    m = full("month_year")
    if m:
        out = {"iso": iso(int(m["y"]), lex.month_number(m["m"]))}
        if m["part"]:
            out["part"] = d["parts"][m["part"].lower()]
        return out
    m = full("part_year")
    if m:
        return {"iso": m["y"], "part": d["parts"][m["part"].lower()]}
    m = full("quarter")
    if m:
        q = int(m["q2"]) if m["q2"] else d["quarters"][m["q"].lower()]
        return {"iso": f"{m['y'] or m['y2']}-Q{q}"}
    m = full("half")
    if m:
        return {"iso": f"{m['y']}-H{d['halves'][m['h'].lower()]}"}
    m = full("season")
    if m:
        return {"iso": m["y"], "season": d["seasons"][m["s"].lower()]}
    m = full("week")
    if m:
        w = int(m["w"])
        if not 1 <= w <= 53:
            return None
        y = int(m["y"]) if m["y"] else my
        if y is None:
            return {"iso": f"--W{w:02d}", "year_missing": True}
        return {"iso": f"{y}-W{w:02d}"}
    m = full("year_range")
    if m:
        y1, y2 = m["y"], m["y2"]
        if len(y2) == 2:
            y2 = y1[:2] + y2
        if int(y2) < int(y1):
            return None
        return {"iso": f"{y1}/{y2}", "start": y1, "end": y2}
    m = full("year")
    if m:
        return {"iso": m["y"]}
    # forms the finder does not produce but a model may: quarter/half/month without a year
    m = re.fullmatch(r"(?P<q>\S+)\s+kvartal", t, re.I)
    if m and m["q"].lower() in d["quarters"] and my:
        return {"iso": f"{my}-Q{d['quarters'][m['q'].lower()]}"}
    m = re.fullmatch(r"(?P<h>\S+)\s+halvår", t, re.I)
    if m and m["h"].lower() in d["halves"] and my:
        return {"iso": f"{my}-H{d['halves'][m['h'].lower()]}"}
    mo = lex.month_number(t)
    if mo:
        return {"iso": iso(my, mo)} if my else {"iso": iso(None, mo), "year_missing": True}
    return None


# ---------------------------------------------------------------------- parties

_CAPW = rf"[{UPPER}][\w]*"
_UNIT = rf"{_CAPW}(?:,\s*{_CAPW})*\s+&\s+{_CAPW}|{_CAPW}(?:,\s*{_CAPW})+\s+og\s+{_CAPW}"
_POSSESSIVE = re.compile(r"(?:'s|’s|s)$")


_DOTTED = re.compile(r"(?:^|\s)(?:\w\.)+\w$")  # a name ending in a dotted abbreviation: `Greve Fjernvarme a.m.b.a`
_SMALL_WORDS = {"OG", "FOR", "I", "AF", "PÅ", "TIL", "MED", "OM"}


def _strip(text: str) -> str:
    t = " ".join(text.split())
    core = t.strip(" ,;:.!?" + lx.QUOTES)
    if _DOTTED.search(core) and t.rstrip(" ,;:!?" + lx.QUOTES).endswith(core + "."):
        core += "."  # the last dot of `a.m.b.a.` belongs to the name
    t = core
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1].strip()
    return t


def _uncapitalised(t: str, g: lx.Gazetteer) -> str:
    """A name written in capitals as it is written elsewhere: `HØJE-TAASTRUP KOMMUNE` ->
    `Høje-Taastrup Kommune`; small words in lower case, known abbreviations and legal forms kept."""
    suffixes: dict[str, str] = {}
    for s in g.names["company_suffixes"]:
        suffixes.setdefault(s.casefold(), s)  # the first listed form of a legal form (`A/S`, not `a/s`)
    words = []
    for w in t.split():
        if w in _SMALL_WORDS:
            words.append(w.lower())
        elif w.casefold() in suffixes:
            words.append(w if w in suffixes.values() else suffixes[w.casefold()])
        elif len(w) <= 3 and w in g.exact:
            words.append(w)
        else:
            words.append("-".join(part[:1] + part[1:].lower() for part in w.split("-")))
    return " ".join(words)


def guess_kind(name: str, names: dict) -> str:
    """The kind of an unknown name from its first or last word (names.json)."""
    words = name.split()
    if not words:
        return "organisation"
    for suffix in names["company_suffixes"]:
        if name.endswith(" " + suffix) or name == suffix:
            return "company"
    if re.fullmatch(_UNIT, name):
        return names.get("unit_kind", "council_or_committee")
    fields = set(names.get("field_words", []))
    if fields and len(words) > 2 and all(w in fields for w in re.split(r",\s*|\s+og\s+|\s+&\s+", name)):
        return names.get("unit_kind", "council_or_committee")  # `Børn og Unge`: a department named by its field
    first = words[0]
    if first in names["prefix_kinds"]:
        return names["prefix_kinds"][first]
    if len(words) > 1 and " ".join(words[:2]) in names["prefix_kinds"]:
        return names["prefix_kinds"][" ".join(words[:2])]
    last = words[-1].lower()
    for head in sorted(names["head_kinds"], key=len, reverse=True):
        if last.endswith(head):
            return names["head_kinds"][head]
        if last.endswith(head + "s") and len(last) > len(head) + 1:
            return names["head_kinds"][head]
    return "organisation"


def _has_head(name: str, names: dict) -> bool:
    last = name.split()[-1].lower()
    return any(last.endswith(h) for h in names["head_kinds"])


def _known(t: str, g: lx.Gazetteer) -> lx.PartyEntry | None:
    if t in g.exact:
        return g.exact[t]
    if t.casefold() in g.folded:
        return g.folded[t.casefold()]
    return None


def normalise_party(text: str, gazetteer: lx.Gazetteer | None = None) -> dict | None:
    """`SF` -> {"name": "SF - Socialistisk Folkeparti", "kind": "political_party"};
    `Herlev Kommunes` -> {"name": "Herlev Kommune", "kind": "municipality"}.
    Unknown names keep their written form (a possessive -s removed where the
    head word shows it) with a kind guessed from the head word. None for
    generic references and `UFP`."""
    g = gazetteer or lx.default_resources().gazetteer
    t = _strip(text)
    if not t or t.casefold() in g.not_a_party:
        return None
    e = _known(t, g)
    if e:
        return {"name": e.name, "kind": e.kind}
    if len(t) == 1 and t.isupper():
        return {"name": t, "kind": g.unknown_letter_kind}
    words = t.split()
    if t.isupper() and sum(1 for w in words if len(w) >= 4 and w.isalpha() or "-" in w) >= 2:
        return normalise_party(_uncapitalised(t, g), g)  # `GREVE KOMMUNE`, `REGION SJÆLLAND`; not `ARGO I/S`
    # X Kommune / X kommunes
    m = re.fullmatch(r"(?P<x>.+?)\s+[Kk]ommunes?", t)
    if m:
        x = m["x"]
        folded = g.municipality_folded
        canon = g.municipality_canonical.get(x) or folded.get(x.casefold())
        if canon is None and x.endswith("s"):
            canon = folded.get(x[:-1].casefold())  # `Greves Kommune`
        return {"name": canon or f"{x} Kommune", "kind": "municipality"}
    # Region X / Region Xs / Region H, Region Midt
    m = re.fullmatch(r"Region\s+(?P<x>\S+)", t)
    if m:
        x = m["x"]
        canon = g.region_canonical.get(x.casefold())
        if canon is None and x.endswith("s"):
            canon = g.region_canonical.get(x[:-1].casefold())
        if canon is None and x not in g.regions and x.endswith("s") and x[:-1] in g.regions:
            x = x[:-1]
        return {"name": canon or f"Region {x}", "kind": g.region_kind}
    # Jobcenter X / Jobcenter Xs
    m = re.fullmatch(r"Jobcenter\s+(?P<x>\S+)", t)
    if m:
        x = m["x"]
        if x.endswith("s") and x[:-1] in g.municipalities:
            x = x[:-1]
        return {"name": f"Jobcenter {x}", "kind": "public_authority"}
    # a possessive: the name without it, where the gazetteer or a head word shows it
    if len(words[-1]) > 2 and _POSSESSIVE.search(words[-1]):
        base = _POSSESSIVE.sub("", t)
        e = _known(base, g)
        if e:
            return {"name": e.name, "kind": e.kind}
        if _has_head(base, g.names):
            return {"name": base, "kind": guess_kind(base, g.names)}
    return {"name": t, "kind": guess_kind(t, g.names)}


# --------------------------------------------------------------------- projects


def normalise_project(text: str, resources: lx.Resources | None = None) -> dict:
    """`IPS-projektet` -> {"name": "IPS"}; `projektet "Motivation som drivkraft
    til job"` -> {"name": "Motivation som drivkraft til job"}; `Projekt 180
    grader` keeps its `Projekt`."""
    d = (resources or lx.default_resources()).projects.data
    q = d.get("quotes", lx.QUOTES)
    t = " ".join(text.split()).strip(" ,;:.!?" + q)
    keep = set(d["keep_named_heads"])
    changed = True
    while changed:
        changed = False
        first, _, rest = t.partition(" ")
        if rest and first in d["strip_leading"] and first not in keep:
            t, changed = rest.strip(" " + q), True
    if " " not in t:
        heads = sorted(d["fused_heads"], key=len, reverse=True)
        for h in heads:
            if t.lower().endswith("-" + h) and len(t) > len(h) + 1:
                t = t[: -len(h) - 1]
                break
    return {"name": t.strip(" " + q)}


def normalise(label: str, text: str, meeting_date: date | None = None) -> dict | None:
    """The value of an entity of any label (None where there is none)."""
    if label == "AMOUNT":
        return normalise_amount(text)
    if label == "DATE":
        return normalise_date(text, meeting_date)
    if label == "PARTY":
        return normalise_party(text)
    if label == "PROJECT":
        return normalise_project(text)
    return None
