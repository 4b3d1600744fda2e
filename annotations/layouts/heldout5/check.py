#!/usr/bin/env python3
"""Check the fifth held-out layout set (synthetic).

For every layout folder next to this script:
  * gold.json has the expected keys and values;
  * every document listed exists and every file in the folder (other than
    gold.json) is listed;
  * every document carries a visible line "SYNTETISK EKSEMPEL", and an HTML
    document also an HTML comment containing "SYNTETISK";
  * every gold title and decision occurs, whitespace-normalised and in item
    order, in the document's visible text (for HTML: comments, scripts and
    styles dropped, tags removed, entities unescaped).

Standard library only. Exit status 0 when everything passes.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))

WRITTEN_BY = "helper (AI model instance), fifth held-out set"
TOP_KEYS = ["layout", "system", "format", "synthetic", "written_by", "in_view", "in_view_note",
            "description", "documents"]
ITEM_KEYS = ["number", "title", "decision"]

# Tags after which (and before which) a browser would break the text.  Inline
# tags (a, b, strong, em, span, ...) are removed without adding whitespace.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "button",
    "caption", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "img", "input", "label", "li", "main", "nav",
    "ol", "option", "p", "pre", "section", "select", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
}
SKIP_TAGS = {"script", "style"}


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


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def visible(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    if path.lower().endswith((".html", ".htm")):
        p = VisibleText()
        p.feed(raw)
        p.close()
        return "".join(p.parts), p.comments, True
    return raw, [], False


def check_layout(folder):
    errors = []
    counts = {"docs": 0, "items": 0, "decisions": 0}
    gpath = os.path.join(folder, "gold.json")
    name = os.path.basename(folder)
    if not os.path.exists(gpath):
        return ["%s: no gold.json" % name], counts
    with open(gpath, encoding="utf-8") as f:
        gold = json.load(f)
    if list(gold.keys()) != TOP_KEYS:
        errors.append("%s: gold keys %s" % (name, list(gold.keys())))
    if gold.get("layout") != name:
        errors.append("%s: layout is %r" % (name, gold.get("layout")))
    if gold.get("synthetic") is not True:
        errors.append("%s: synthetic must be true" % name)
    if gold.get("in_view") is not False and not gold.get("in_view_note"):  # read after its blind runs: noted
        errors.append("%s: in_view must be false" % name)
    if gold.get("written_by") != WRITTEN_BY:
        errors.append("%s: written_by is %r" % (name, gold.get("written_by")))
    for key in ("system", "format", "description"):
        if not isinstance(gold.get(key), str) or not gold.get(key).strip():
            errors.append("%s: %s missing" % (name, key))
    listed = set()
    for doc in gold.get("documents", []):
        fname = doc.get("file")
        listed.add(fname)
        path = os.path.join(folder, fname)
        where = "%s/%s" % (name, fname)
        if list(doc.keys()) != ["file", "items"]:
            errors.append("%s: document keys %s" % (where, list(doc.keys())))
        if not os.path.exists(path):
            errors.append("%s: file missing" % where)
            continue
        counts["docs"] += 1
        text, comments, is_html = visible(path)
        if not is_html and "<" in text and re.search(r"</?(p|div|br)\b", text):
            errors.append("%s: text file contains HTML tags" % where)
        if not any(line.strip().startswith("SYNTETISK EKSEMPEL")
                   or "SYNTETISK EKSEMPEL" in line
                   for line in text.splitlines()):
            errors.append("%s: no visible 'SYNTETISK EKSEMPEL' line" % where)
        if is_html and not any("SYNTETISK" in c for c in comments):
            errors.append("%s: no HTML comment marking it synthetic" % where)
        hay = norm(text)
        pos = 0
        items = doc.get("items", [])
        if not items:
            errors.append("%s: no items" % where)
        for i, item in enumerate(items):
            if list(item.keys()) != ITEM_KEYS:
                errors.append("%s item %d: keys %s" % (where, i, list(item.keys())))
            num = item.get("number")
            if num is not None and not isinstance(num, int):
                errors.append("%s item %d: number %r" % (where, i, num))
            title = item.get("title")
            if not isinstance(title, str) or not norm(title):
                errors.append("%s item %d: empty title" % (where, i))
                continue
            if re.match(r"(?i)^(punkt|pkt\.|ad)\b", title) or re.match(r"^\d+\s*[.:)]", title):
                errors.append("%s item %d: title keeps a prefix: %r" % (where, i, title))
            t = hay.find(norm(title), pos)
            if t < 0:
                errors.append("%s item %d: title not found in order: %r" % (where, i, title))
                continue
            pos = t + len(norm(title))
            counts["items"] += 1
            dec = item.get("decision")
            if dec is None:
                continue
            if not isinstance(dec, str) or not norm(dec):
                errors.append("%s item %d: empty decision (use null)" % (where, i))
                continue
            if norm(dec) == "Intet.":
                errors.append("%s item %d: decision 'Intet.' must be null" % (where, i))
            if re.match(r"(?i)^(fraværende|afbud)\b", norm(dec)) or re.search(r"(?i)\b(fraværende|afbud):", dec):
                errors.append("%s item %d: decision contains an absence line" % (where, i))
            d = hay.find(norm(dec), pos)
            if d < 0:
                errors.append("%s item %d: decision not found after title: %r" % (where, i, dec[:80]))
                continue
            # the decision must come before the next item's title
            if i + 1 < len(items) and isinstance(items[i + 1].get("title"), str):
                nxt = hay.find(norm(items[i + 1]["title"]), pos)
                if 0 <= nxt < d and hay.find(norm(items[i + 1]["title"]), d) < 0:
                    errors.append("%s item %d: decision lies after the next title" % (where, i))
            pos = d + len(norm(dec))
            counts["decisions"] += 1
    for fname in sorted(os.listdir(folder)):
        if fname == "gold.json" or fname.startswith("."):
            continue
        if fname not in listed:
            errors.append("%s: file %s not in gold.json" % (name, fname))
    return errors, counts


def main():
    folders = sorted(
        os.path.join(HERE, d) for d in os.listdir(HERE)
        if os.path.isdir(os.path.join(HERE, d)) and not d.startswith((".", "_"))
    )
    all_errors = []
    total = {"docs": 0, "items": 0, "decisions": 0}
    for folder in folders:
        errors, counts = check_layout(folder)
        for k in total:
            total[k] += counts[k]
        status = "ok" if not errors else "FAIL"
        print("%-28s %s  docs=%d items=%d decisions=%d" % (
            os.path.basename(folder), status, counts["docs"], counts["items"], counts["decisions"]))
        all_errors.extend(errors)
    print("total: %d layouts, %d documents, %d items, %d decisions" % (
        len(folders), total["docs"], total["items"], total["decisions"]))
    for e in all_errors:
        print("ERROR:", e)
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main())
