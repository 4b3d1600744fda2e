"""The clear rules of the annotation scheme that settle a disagreement between the passes by
themselves: each side's spans corrected (quotes, brackets and trailing punctuation outside, a
preposition or `ca.` before a date or amount, generic words out, ...), then compared."""
from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from referat.annotations.agreement import SpanKey

#: rule name -> the passage of the annotation scheme (v1) it applies
RULES: dict[str, str] = {
    "outside-quotes-brackets": "Surrounding quotes, brackets and trailing punctuation are outside the span.",
    "outside-trailing-punctuation": "Surrounding quotes, brackets and trailing punctuation are outside the span.",
    "date-starts-at-day": "DATE: `d. 1. august 2023` -> the span starts at `1.`.",
    "date-without-preposition": "DATE: a year used as a time reference (`i 2023` -> `2023`).",
    "amount-without-ca": "AMOUNT: `4,2 mio. kr.` (not the `ca.` before it).",
    "project-without-generic-word": "PROJECT: without a generic `projektet` before it; generic mentions "
                                    "(`projektet`, `indsatsen`, `puljen`) are out.",
    "party-generic-reference": "PARTY out: generic references (`udvalget`, `forvaltningen`, `kommunen`, "
                               "`jobcentret`, `a-kasserne`, `regeringen`), the council's bare title in any "
                               "case (`byrådet`, `Byrådet`, `kommunalbestyrelsen`).",
    "party-no-party": "PARTY out: `UFP`/`uden for parti` (no party).",
    "amount-percentage": "AMOUNT out: percentages (`66 %`, `20 pct.`).",
    "date-clock-time": "DATE out: clock times (`kl. 16:30`).",
    "date-weekday": "DATE out: weekdays alone.",
    "date-duration-or-age": "DATE out: durations (`26 uger`, `3-årigt`), ages (`18-24 år`).",
    "project-generic": "PROJECT out: generic mentions (`projektet`, `indsatsen`, `puljen`).",
}

_QUOTES_BRACKETS = set("\"'«»“”„‘’‚()[]{}<>")
_TRAILING = set(".,;:!?")
_GENERIC_PARTY = {
    "udvalget", "forvaltningen", "kommunen", "jobcentret", "jobcenteret", "a-kasserne", "regeringen",
    "byrådet", "kommunalbestyrelsen",
}
_GENERIC_PARTY |= {w + "s" for w in _GENERIC_PARTY}
_WEEKDAYS = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"}
_DURATION = re.compile(r"\d+(?:[,.]\d+)?(?:\s*[-–]\s*\d+)?\s+(?:år|uger|uge|dage|dag|måneder|måned|timer|time)")
_GENERIC_PROJECT = {"projektet", "projekt", "indsatsen", "puljen"}


def guideline_fix(doc: Any, span: SpanKey) -> tuple[Optional[SpanKey], list[str]]:
    """The span corrected by the scheme's clear rules: (span or None if it is out, rules applied).

    ``doc`` is the spaCy Doc of the whole document text; a span not on token
    boundaries is returned unchanged (it is reported elsewhere).
    """
    start, end, label = span
    sp = doc.char_span(start, end)
    if sp is None:
        return span, []
    toks = list(sp)
    rules: list[str] = []
    while toks and toks[0].text in _QUOTES_BRACKETS:
        toks, rules = toks[1:], rules + ["outside-quotes-brackets"]
    while toks and (toks[-1].text in _QUOTES_BRACKETS or toks[-1].text in _TRAILING):
        name = "outside-quotes-brackets" if toks[-1].text in _QUOTES_BRACKETS else "outside-trailing-punctuation"
        toks, rules = toks[:-1], rules + [name]
    if len(toks) > 1:
        first = toks[0].text
        if label == "DATE" and first.lower() == "d.":
            toks, rules = toks[1:], rules + ["date-starts-at-day"]
        elif label == "DATE" and first.lower() == "i":
            toks, rules = toks[1:], rules + ["date-without-preposition"]
        elif label == "AMOUNT" and first.lower() in ("ca.", "ca", "cirka"):
            toks, rules = toks[1:], rules + ["amount-without-ca"]
        elif label == "PROJECT" and first in ("projektet", "indsatsen", "puljen"):
            toks, rules = toks[1:], rules + ["project-without-generic-word"]
    if not toks:
        return None, rules or ["outside-quotes-brackets"]
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc.text[s:e]
    low = text.lower()
    out_rule = None
    if label == "PARTY" and low in _GENERIC_PARTY:
        out_rule = "party-generic-reference"
    elif label == "PARTY" and (text == "UFP" or low == "uden for parti"):
        out_rule = "party-no-party"
    elif label == "AMOUNT" and ("%" in text or re.search(r"\b(pct|procent)\b", low)):
        out_rule = "amount-percentage"
    elif label == "DATE" and (low.startswith("kl.") or re.fullmatch(r"\d{1,2}[:.]\d{2}", text)):
        out_rule = "date-clock-time"
    elif label == "DATE" and low in _WEEKDAYS:
        out_rule = "date-weekday"
    elif label == "DATE" and (_DURATION.fullmatch(low) or re.search(r"\d+-årig", low)):
        out_rule = "date-duration-or-age"
    elif label == "PROJECT" and low in _GENERIC_PROJECT:
        out_rule = "project-generic"
    if out_rule:
        return None, rules + [out_rule]
    return (s, e, label), rules


def settle_by_rules(doc: Any, spans_a: Sequence[SpanKey], spans_b: Sequence[SpanKey]
                    ) -> Optional[tuple[list[SpanKey], list[str]]]:
    """(spans, rules) when the rules make both sides the same; else None."""
    fixed_a, fixed_b, rules = set(), set(), []
    for spans, fixed in ((spans_a, fixed_a), (spans_b, fixed_b)):
        for s in spans:
            new, applied = guideline_fix(doc, tuple(s))
            rules += applied
            if new is not None:
                fixed.add(new)
    if fixed_a == fixed_b and rules:
        return sorted(fixed_a), list(dict.fromkeys(rules))
    return None
