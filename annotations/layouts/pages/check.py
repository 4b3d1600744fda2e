#!/usr/bin/env python3
"""Check the synthetic single-item pages set (standard library only).

For every layout folder next to this script that holds a gold.json:
  * the gold header has the expected keys and values,
  * every document listed exists and every document in the folder is listed,
  * each document's visible text carries "SYNTETISK EKSEMPEL" (HTML also in a comment),
  * every gold title and decision occurs, whitespace-normalised and in item order,
    in the document's visible text (HTML: comments, scripts, styles, <title> and
    tags removed, entities unescaped, block elements separated by line breaks),
  * a printed item number occurs shortly before an occurrence of its title,
  * no gold decision contains a "Fraværende:"/"Afbud:" line or is only "Intet.".

Usage: python3 check.py   (exit status 0 when everything passes)
"""
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "SYNTETISK EKSEMPEL"
HEADER_KEYS = ["layout", "system", "format", "synthetic", "written_by",
               "in_view", "in_view_note", "description", "documents"]
WRITTEN_BY = "helper (AI model instance), single-item pages set"

SKIP_TAGS = {"script", "style", "title", "template", "noscript"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "button", "body", "html",
}


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
    return " ".join(s.split())


def visible_text(path):
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".html", ".htm"):
        p = VisibleText()
        p.feed(raw)
        p.close()
        return "".join(p.parts), p.comments
    return raw, None


def check_layout(folder, errors):
    gold_path = folder / "gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    where = folder.name

    if list(gold.keys()) != HEADER_KEYS:
        errors.append(f"{where}: gold keys {list(gold.keys())} != {HEADER_KEYS}")
    if gold.get("layout") != folder.name:
        errors.append(f"{where}: layout {gold.get('layout')!r} != folder name")
    if gold.get("synthetic") is not True:
        errors.append(f"{where}: synthetic must be true")
    if gold.get("in_view") is not False and not gold.get("in_view_note"):  # read after its blind run: noted
        errors.append(f"{where}: in_view must be false")
    if gold.get("written_by") != WRITTEN_BY:
        errors.append(f"{where}: written_by {gold.get('written_by')!r}")
    fmt = gold.get("format")

    listed = [d["file"] for d in gold["documents"]]
    present = sorted(p.name for p in folder.iterdir()
                     if p.is_file() and p.name != "gold.json")
    if sorted(listed) != present:
        errors.append(f"{where}: listed files {sorted(listed)} != present {present}")
    if len(set(listed)) != len(listed):
        errors.append(f"{where}: duplicate file names in gold")

    n_items = n_dec = 0
    for doc in gold["documents"]:
        path = folder / doc["file"]
        tag = f"{where}/{doc['file']}"
        if set(doc.keys()) != {"file", "items"}:
            errors.append(f"{tag}: document keys {sorted(doc.keys())}")
        if not path.exists():
            errors.append(f"{tag}: missing")
            continue
        if path.suffix.lstrip(".") != fmt:
            errors.append(f"{tag}: suffix does not match format {fmt!r}")
        text, comments = visible_text(path)
        ntext = norm(text)
        if not any(line.strip() == MARK or line.strip().startswith(MARK)
                   for line in text.splitlines()):
            errors.append(f"{tag}: no visible line starting with {MARK!r}")
        if comments is not None and not any(MARK in c for c in comments):
            errors.append(f"{tag}: no HTML comment with {MARK!r}")
        if not doc["items"]:
            errors.append(f"{tag}: no items")

        pos = 0
        for i, item in enumerate(doc["items"], 1):
            n_items += 1
            itag = f"{tag} item {i}"
            if set(item.keys()) != {"number", "title", "decision"}:
                errors.append(f"{itag}: keys {sorted(item.keys())}")
                continue
            num, title, dec = item["number"], item["title"], item["decision"]
            if num is not None and (not isinstance(num, int) or isinstance(num, bool)):
                errors.append(f"{itag}: number must be int or null")
            if not isinstance(title, str) or not title.strip():
                errors.append(f"{itag}: empty title")
                continue
            if re.match(r"(?i)^(punkt|pkt\.|ad)\b", title) or re.match(r"^\d", title):
                errors.append(f"{itag}: title keeps a prefix or number: {title!r}")
            nt = norm(title)
            at = ntext.find(nt, pos)
            if at < 0:
                errors.append(f"{itag}: title not found after offset {pos}: {title!r}")
                continue
            if isinstance(num, int):
                # the printed number must stand shortly before some occurrence of the title
                ok = False
                for m in re.finditer(re.escape(nt), ntext):
                    before = ntext[max(0, m.start() - 40):m.start()]
                    if re.search(rf"(?<![\d.,]){num}(?!\d)", before):
                        ok = True
                        break
                if not ok:
                    errors.append(f"{itag}: number {num} not printed before title")
            pos = at + len(nt)
            if dec is None:
                continue
            n_dec += 1
            if not isinstance(dec, str) or not dec.strip():
                errors.append(f"{itag}: empty decision (use null)")
                continue
            if norm(dec) == "Intet.":
                errors.append(f"{itag}: decision only 'Intet.' must be null")
            for line in dec.splitlines():
                if re.match(r"^\s*(Fraværende|Afbud)\s*:", line):
                    errors.append(f"{itag}: decision contains absence line {line!r}")
            nd = norm(dec)
            ad = ntext.find(nd, pos)
            if ad < 0:
                errors.append(f"{itag}: decision not found after title: {dec[:60]!r}")
                continue
            pos = ad + len(nd)
    return len(gold["documents"]), n_items, n_dec


def main():
    errors = []
    layouts = sorted(p for p in HERE.iterdir() if (p / "gold.json").is_file())
    if not layouts:
        print("no layout folders with gold.json found")
        return 1
    for folder in layouts:
        docs, items, decs = check_layout(folder, errors)
        print(f"{folder.name}: {docs} documents, {items} items, {decs} decisions")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all titles and decisions found in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
