"""`referat render`: every item with its decision badge, every entity marked with its value on hover,
and a screenshot of the page in headless Chromium."""
from __future__ import annotations

import html
import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from referat import extract
from referat.extract.render import render_html

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "corpus" / "raw" / "herlev-amu-2025-02-26.txt"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def minutes():
    return extract(SEED, include_text=True)


@pytest.fixture(scope="module")
def page(minutes):
    return render_html(minutes)


def test_page_has_every_item_and_decision_badge(minutes, page):
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")  # self-contained
    for i, item in enumerate(minutes.items):
        section = re.search(rf'<section class="item" id="item-{i}".*?</section>', page, re.S)
        assert section, f"item {i} missing"
        assert html.escape(item.title) in section.group(0)
        assert f"decision-{item.decision.type}" in section.group(0)
    assert minutes.meeting.body in page and minutes.meeting.date in page


def test_every_entity_is_marked_with_its_value(minutes, page):
    marks = re.findall(r'<mark class="entity" title="([^"]*)" data-label="(\w+)" data-start="(\d+)" '
                       r'data-end="(\d+)" data-value="([^"]*)"', page)
    entities = [e for item in minutes.items for e in item.entities]
    assert entities and len(marks) == len(entities)
    for (title, label, start, end, value), ent in zip(marks, entities):
        assert (label, int(start), int(end)) == (ent.label, ent.start, ent.end)
        if ent.value:
            assert json.loads(html.unescape(value)) == ent.value
            first_key = next(iter(ent.value))
            assert first_key in html.unescape(title)


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_render_from_output_line_and_cli(tmp_path, minutes):
    line = tmp_path / "out.jsonl"
    line.write_text(json.dumps(minutes.to_dict(include_text=True), ensure_ascii=False) + "\n", encoding="utf-8")
    from_line = render_html(line)  # the line carries its text (--include-text)
    assert from_line.count('<mark class="entity"') == sum(len(i.entities) for i in minutes.items)
    out = tmp_path / "page.html"
    proc = subprocess.run([sys.executable, "-m", "referat.cli", "render", str(SEED), "--output", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").count('<section class="item"') == len(minutes.items)
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    proc = subprocess.run([sys.executable, "-m", "referat.cli", "render", str(bad), "--output", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 1 and "empty" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_screenshot_in_headless_chromium(tmp_path, page):
    if CHROMIUM is None:
        message = "chromium is not installed (make chromium, or apt-get install chromium)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    html_file = tmp_path / "page.html"
    html_file.write_text(page, encoding="utf-8")
    png = tmp_path / "page.png"
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1200,2000", html_file.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert png.exists(), proc.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kB; this one has text, badges and marks
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow comes with matplotlib
        return
    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # text, badges and entity marks, not a blank or error page
    entity_yellow = (0xFF, 0xD9, 0x66)
    assert any(rgb == entity_yellow for _, rgb in colours) or any(
        abs(rgb[0] - 0xA4) + abs(rgb[1] - 0xC2) + abs(rgb[2] - 0xF4) < 6 for _, rgb in colours
    )
