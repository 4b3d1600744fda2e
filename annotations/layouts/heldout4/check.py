#!/usr/bin/env python3
"""Check the heldout4 gold files against their documents (standard library only).

For every folder with a gold.json: each document must contain the visible line
"SYNTETISK EKSEMPEL" (HTML documents also an HTML comment saying so), and every
gold title and decision must occur, whitespace-normalised and in item order
(title 1, decision 1, title 2, ...), in the document's visible text. HTML is
reduced to visible text with comments, scripts and styles dropped, tags removed
and entities unescaped. HTML is checked twice: with a space for every tag and
with a space only for block-level tags, so a gold string may not depend on how
inline tags are joined.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["layout", "system", "format", "synthetic", "written_by", "in_view", "in_view_note",
        "description", "documents"]
WRITTEN_BY = "helper (AI model instance), fourth held-out set"
BLOCK = {"address", "article", "aside", "blockquote", "br", "caption", "dd",
         "details", "div", "dl", "dt", "fieldset", "figcaption", "figure",
         "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
         "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
         "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html",
         "head", "title", "button", "option", "select", "label"}


class Visible(HTMLParser):
    def __init__(self, all_tags_space):
        super().__init__(convert_charrefs=True)
        self.all_tags_space = all_tags_space
        self.parts = []
        self.skip = 0
        self.comments = []

    def _sep(self, tag):
        if self.all_tags_space or tag in BLOCK:
            self.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self._sep(tag)

    def handle_startendtag(self, tag, attrs):
        self._sep(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self._sep(tag)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def texts(path, fmt):
    raw = open(path, encoding="utf-8").read()
    if fmt != "html":
        return [norm(raw)], [raw]
    out, comments = [], []
    for mode in (True, False):
        p = Visible(mode)
        p.feed(raw)
        p.close()
        out.append(norm("".join(p.parts)))
        comments = p.comments
    return out, comments


def check_folder(folder):
    errors = []
    gold_path = os.path.join(folder, "gold.json")
    gold = json.load(open(gold_path, encoding="utf-8"))
    name = os.path.basename(folder)
    if list(gold.keys()) != KEYS:
        errors.append(f"{name}: keys {list(gold.keys())} != {KEYS}")
    if gold.get("layout") != name:
        errors.append(f"{name}: layout field {gold.get('layout')!r}")
    if gold.get("synthetic") is not True or (gold.get("in_view") is not False and not gold.get("in_view_note")):
        errors.append(f"{name}: synthetic/in_view wrong")
    if gold.get("written_by") != WRITTEN_BY:
        errors.append(f"{name}: written_by wrong")
    n_items = n_dec = 0
    for doc in gold["documents"]:
        path = os.path.join(folder, doc["file"])
        if not os.path.exists(path):
            errors.append(f"{name}: missing {doc['file']}")
            continue
        fmt = gold["format"]
        variants, comments = texts(path, fmt)
        if fmt == "html":
            if not any("SYNTETISK" in c.upper() for c in comments):
                errors.append(f"{doc['file']}: no SYNTETISK html comment")
        for v in variants:
            if "SYNTETISK EKSEMPEL" not in v:
                errors.append(f"{doc['file']}: no visible SYNTETISK EKSEMPEL")
        items = doc["items"]
        if not 1 <= len(items) <= 10:
            errors.append(f"{doc['file']}: {len(items)} items")
        for k, v in enumerate(variants):
            pos = 0
            for it in items:
                if set(it) != {"number", "title", "decision"}:
                    errors.append(f"{doc['file']}: item keys {sorted(it)}")
                num = it["number"]
                if num is not None and not isinstance(num, int):
                    errors.append(f"{doc['file']}: number {num!r}")
                for field in ("title", "decision"):
                    s = it[field]
                    if s is None:
                        if field == "title":
                            errors.append(f"{doc['file']}: null title")
                        continue
                    t = norm(s)
                    j = v.find(t, pos)
                    if j < 0:
                        where = "anywhere" if v.find(t) < 0 else "in order"
                        errors.append(f"{doc['file']} (variant {k}): {field} of "
                                      f"item {num} not found {where}: {t[:70]!r}")
                    else:
                        pos = j + len(t)
        n_items += len(items)
        n_dec += sum(1 for it in items if it["decision"] is not None)
    return errors, len(gold["documents"]), n_items, n_dec


def main():
    folders = sorted(d for d in os.listdir(HERE)
                     if os.path.isfile(os.path.join(HERE, d, "gold.json")))
    all_err = []
    tot = [0, 0, 0]
    for d in folders:
        errs, nd, ni, nde = check_folder(os.path.join(HERE, d))
        print(f"{d:32s} docs={nd:2d} items={ni:3d} decisions={nde:3d} "
              f"{'OK' if not errs else 'FAIL'}")
        tot = [tot[0] + nd, tot[1] + ni, tot[2] + nde]
        all_err += errs
    print(f"{'total':32s} docs={tot[0]:2d} items={tot[1]:3d} decisions={tot[2]:3d}")
    for e in all_err:
        print("  " + e)
    return 1 if all_err else 0


if __name__ == "__main__":
    sys.exit(main())
