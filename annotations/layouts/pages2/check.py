#!/usr/bin/env python3
"""Check the synthetic single-item page sets in this folder (standard library only).

For every sub-folder with a gold.json:
  * gold.json has the expected keys and values (synthetic, written_by, in_view ...);
  * every document named in gold.json exists, and every document file in the
    folder is named in gold.json;
  * every document shows a visible "SYNTETISK EKSEMPEL" line, and HTML documents
    also carry the marker in an HTML comment;
  * every gold title and decision occurs, whitespace-normalised and in item order
    (title, decision, next title, ...), in the document's visible text.

Visible text of HTML: comments, <script>, <style> and tags removed, character
references unescaped (html.parser, convert_charrefs=True); block-level tags and
<br> are turned into line breaks. Text inside <title> counts as visible (it is
shown in the browser tab and carried by copies of the page).

Usage: python3 check.py        (exit status 0 when everything passes)
"""
import json
import os
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = "SYNTETISK EKSEMPEL"
WRITTEN_BY = "helper (AI model instance), single-item pages set 2"
GOLD_KEYS = ["layout", "system", "format", "synthetic", "written_by",
             "in_view", "in_view_note", "description", "documents"]
ITEM_KEYS = ["number", "title", "decision"]

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd",
    "details", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "body",
    "head", "html", "button", "label", "option", "select",
}
SKIP_TAGS = {"script", "style", "noscript", "template"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.comments = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def read_document(path):
    """Return (visible text, list of HTML comments)."""
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    if path.lower().endswith((".html", ".htm")):
        parser = VisibleText()
        parser.feed(raw)
        parser.close()
        return "".join(parser.parts), parser.comments
    return raw, []


def norm(text):
    return " ".join(text.split())


def check_layout(folder):
    errors = []
    gold_path = os.path.join(folder, "gold.json")
    with open(gold_path, encoding="utf-8") as fh:
        gold = json.load(fh)
    name = os.path.basename(folder)

    if list(gold.keys()) != GOLD_KEYS:
        errors.append(f"{name}: gold keys {list(gold.keys())} != {GOLD_KEYS}")
    if gold.get("layout") != name:
        errors.append(f"{name}: layout is {gold.get('layout')!r}")
    if gold.get("synthetic") is not True:
        errors.append(f"{name}: synthetic must be true")
    if gold.get("in_view") is not False and not gold.get("in_view_note"):  # read after its blind run: noted
        errors.append(f"{name}: in_view must be false")
    if gold.get("written_by") != WRITTEN_BY:
        errors.append(f"{name}: written_by is {gold.get('written_by')!r}")
    fmt = gold.get("format")

    listed = [d["file"] for d in gold.get("documents", [])]
    if len(set(listed)) != len(listed):
        errors.append(f"{name}: duplicate file names in gold.json")
    present = sorted(f for f in os.listdir(folder)
                     if f != "gold.json" and not f.startswith("."))
    for f in present:
        if f not in listed:
            errors.append(f"{name}: {f} is not in gold.json")

    n_items = n_dec = 0
    for doc in gold.get("documents", []):
        fname = doc["file"]
        path = os.path.join(folder, fname)
        if not os.path.exists(path):
            errors.append(f"{name}/{fname}: missing")
            continue
        if fmt and not fname.endswith("." + fmt):
            errors.append(f"{name}/{fname}: extension does not match format {fmt}")
        text, comments = read_document(path)
        lines = [ln.strip() for ln in text.splitlines()]
        if not any(MARKER in ln for ln in lines):
            errors.append(f"{name}/{fname}: no visible '{MARKER}' line")
        if fname.endswith(".html") and not any(MARKER in c for c in comments):
            errors.append(f"{name}/{fname}: no '{MARKER}' HTML comment")

        flat = norm(text)
        pos = 0
        items = doc.get("items", [])
        if not items:
            errors.append(f"{name}/{fname}: no items")
        for i, item in enumerate(items, 1):
            n_items += 1
            if list(item.keys()) != ITEM_KEYS:
                errors.append(f"{name}/{fname} item {i}: keys {list(item.keys())}")
            num = item.get("number")
            if num is not None and (not isinstance(num, int) or isinstance(num, bool)):
                errors.append(f"{name}/{fname} item {i}: number must be int or null")
            title = norm(item.get("title") or "")
            if not title:
                errors.append(f"{name}/{fname} item {i}: empty title")
                continue
            at = flat.find(title, pos)
            if at < 0:
                where = "anywhere" if flat.find(title) < 0 else "in order"
                errors.append(f"{name}/{fname} item {i}: title not found {where}: {title!r}")
                continue
            pos = at + len(title)
            dec = item.get("decision")
            if dec is None:
                continue
            n_dec += 1
            d = norm(dec)
            if not d or d == "Intet.":
                errors.append(f"{name}/{fname} item {i}: empty/'Intet.' decision should be null")
                continue
            for bad in ("Fraværende:", "Afbud:"):
                if bad in d:
                    errors.append(f"{name}/{fname} item {i}: decision contains {bad!r}")
            at = flat.find(d, pos)
            if at < 0:
                where = "anywhere" if flat.find(d) < 0 else "in order"
                errors.append(f"{name}/{fname} item {i}: decision not found {where}: {d[:80]!r}")
                continue
            pos = at + len(d)
    return errors, len(listed), n_items, n_dec


def main():
    folders = sorted(
        os.path.join(HERE, d) for d in os.listdir(HERE)
        if os.path.isfile(os.path.join(HERE, d, "gold.json"))
    )
    if not folders:
        print("no layouts with gold.json found")
        return 1
    all_errors = []
    for folder in folders:
        errors, n_docs, n_items, n_dec = check_layout(folder)
        status = "OK" if not errors else f"{len(errors)} error(s)"
        print(f"{os.path.basename(folder)}: {n_docs} documents, {n_items} items, "
              f"{n_dec} decisions - {status}")
        all_errors.extend(errors)
    for e in all_errors:
        print("  " + e)
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main())
