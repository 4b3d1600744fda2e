"""Check that every gold title and decision string occurs in its document's visible text.

Usage: .venv/bin/python annotations/layouts/dev/check_gold.py   (pdfminer.six needed for PDFs)
Whitespace is normalised on both sides; HTML is reduced to the text a browser would show
(no <head>, <script>, <style>), with line breaks at block elements.
"""
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
         "br", "dt", "dd", "dl", "header", "footer", "nav", "main", "article", "section", "aside", "form", "button"}


class Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag in BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip -= 1
        if tag in BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def text_of(path):
    if path.suffix == ".html":
        v = Visible()
        v.feed(path.read_text(encoding="utf-8"))
        return "".join(v.out)
    if path.suffix == ".pdf":
        from pdfminer.high_level import extract_text
        return extract_text(str(path))
    return path.read_text(encoding="utf-8")


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def main():
    root = Path(__file__).resolve().parent
    bad = 0
    for gold_path in sorted(root.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        assert gold["layout"] == gold_path.parent.name, gold_path
        assert gold["synthetic"] is True
        for doc in gold["documents"]:
            text = norm(text_of(gold_path.parent / doc["file"]))
            pos = 0
            for item in doc["items"]:
                for key in ("title", "decision"):
                    s = item[key]
                    if s is None:
                        continue
                    i = text.find(norm(s), pos if key == "decision" else 0)
                    if i < 0:
                        bad += 1
                        print(f"MISSING {gold['layout']}/{doc['file']} item {item['number']} {key}: {s!r}")
                    elif key == "decision":
                        pos = i
            print(f"ok-checked {gold['layout']}/{doc['file']}: {len(doc['items'])} items")
    print("FAILURES:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
