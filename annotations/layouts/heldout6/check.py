#!/usr/bin/env python3
"""Check the sixth held-out layout set (synthetic) against its documents.

Standard library only. For every layout folder next to this script:

* gold.json has the expected keys and values (synthetic, written_by, in_view ...);
* every file named in gold.json exists, and every document file in the folder
  is named in gold.json;
* every document carries a visible "SYNTETISK EKSEMPEL" line and, for HTML,
  also an HTML comment saying SYNTETISK;
* every gold title and decision occurs, whitespace-normalised and in item
  order, in the document's visible text.  For HTML the visible text is the
  text with comments, scripts, styles and tags removed and entities
  unescaped.  The check is run twice for HTML: once with tags removed
  (joined with nothing) and once with every tag replaced by a space, and it
  must pass both ways;
* decisions are never "Intet." and contain no "Fraværende:"/"Afbud:" line.

Usage: python3 check.py  (exit status 0 when everything passes)
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
WRITTEN_BY = "helper (AI model instance), sixth held-out set"
KEYS = ["layout", "system", "format", "synthetic", "written_by", "in_view",
        "description", "documents"]
DOC_SUFFIXES = (".txt", ".html", ".htm")


class Visible(HTMLParser):
    """Collect visible text: no comments, scripts or styles; tags -> sep."""

    def __init__(self, sep):
        super().__init__(convert_charrefs=True)
        self.sep = sep
        self.parts = []
        self.skip = 0
        self.comments = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(self.sep)

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self.sep)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self.parts.append(self.sep)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def norm(text):
    return " ".join(text.split())


def visible_texts(path):
    """Return (list of visible-text variants, list of comments)."""
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    if path.endswith((".html", ".htm")):
        variants, comments = [], []
        for sep in ("", " "):
            p = Visible(sep)
            p.feed(raw)
            p.close()
            variants.append("".join(p.parts))
            comments = p.comments
        return variants, comments
    return [raw], []


def check_layout(folder):
    errors = []
    gold_path = os.path.join(folder, "gold.json")
    name = os.path.basename(folder)
    if not os.path.exists(gold_path):
        return ["%s: no gold.json" % name], 0, 0, 0
    with open(gold_path, encoding="utf-8") as fh:
        gold = json.load(fh)
    for key in KEYS:
        if key not in gold:
            errors.append("%s: gold.json lacks key %r" % (name, key))
    if gold.get("layout") != name:
        errors.append("%s: layout %r differs from folder name" % (name, gold.get("layout")))
    if gold.get("synthetic") is not True:
        errors.append("%s: synthetic must be true" % name)
    if gold.get("written_by") != WRITTEN_BY:
        errors.append("%s: written_by differs" % name)
    if gold.get("in_view") is not False:
        errors.append("%s: in_view must be false" % name)
    listed = set()
    n_items = n_dec = 0
    for doc in gold.get("documents", []):
        fname = doc["file"]
        listed.add(fname)
        path = os.path.join(folder, fname)
        if not os.path.exists(path):
            errors.append("%s: missing file %s" % (name, fname))
            continue
        variants, comments = visible_texts(path)
        if path.endswith((".html", ".htm")) and not any("SYNTETISK" in c for c in comments):
            errors.append("%s/%s: no HTML comment saying SYNTETISK" % (name, fname))
        for vi, text in enumerate(variants):
            flat = norm(text)
            if "SYNTETISK EKSEMPEL" not in flat:
                errors.append("%s/%s: no visible 'SYNTETISK EKSEMPEL'" % (name, fname))
            pos = 0
            for i, item in enumerate(doc["items"]):
                num, title, dec = item.get("number"), item.get("title"), item.get("decision")
                if set(item) != {"number", "title", "decision"}:
                    errors.append("%s/%s item %d: keys %s" % (name, fname, i, sorted(item)))
                if num is not None and not isinstance(num, int):
                    errors.append("%s/%s item %d: number %r not int/null" % (name, fname, i, num))
                if not isinstance(title, str) or not title.strip():
                    errors.append("%s/%s item %d: empty title" % (name, fname, i))
                    continue
                if re.match(r"(?i)\s*(punkt|pkt\.|ad\b|\d)", title):
                    errors.append("%s/%s item %d: title starts with prefix/number: %r" % (name, fname, i, title))
                for label, s in (("title", title), ("decision", dec)):
                    if s is None:
                        continue
                    ns = norm(s)
                    found = flat.find(ns, pos)
                    if found < 0:
                        where = "anywhere" if flat.find(ns) < 0 else "in order"
                        errors.append("%s/%s [variant %d] item %d %s not found %s: %r"
                                      % (name, fname, vi, i, label, where, s[:80]))
                    else:
                        pos = found + len(ns)
                if dec is not None:
                    if norm(dec) == "Intet.":
                        errors.append("%s/%s item %d: decision 'Intet.' must be null" % (name, fname, i))
                    for line in dec.split("\n"):
                        if re.match(r"\s*(Fraværende|Afbud)\s*:", line):
                            errors.append("%s/%s item %d: decision has absence line" % (name, fname, i))
                if vi == 0:
                    n_items += 1
                    n_dec += dec is not None
    for f in sorted(os.listdir(folder)):
        if f.endswith(DOC_SUFFIXES) and f not in listed:
            errors.append("%s: document %s not in gold.json" % (name, f))
    return errors, len(gold.get("documents", [])), n_items, n_dec


def main():
    all_errors = []
    tot_docs = tot_items = tot_dec = 0
    folders = sorted(d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d)))
    for d in folders:
        errors, docs, items, decs = check_layout(os.path.join(HERE, d))
        print("%-28s documents %2d  items %3d  decisions %3d  %s"
              % (d, docs, items, decs, "OK" if not errors else "FAIL (%d)" % len(errors)))
        tot_docs += docs
        tot_items += items
        tot_dec += decs
        all_errors.extend(errors)
    print("%-28s documents %2d  items %3d  decisions %3d" % ("total", tot_docs, tot_items, tot_dec))
    for e in all_errors:
        print("  " + e)
    if all_errors:
        print("FAILED: %d problem(s)" % len(all_errors))
        return 1
    print("ALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
