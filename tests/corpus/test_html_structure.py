"""HTML read by what the markup is: titles in buttons and summaries kept, page controls and landmarks dropped."""
from __future__ import annotations

from pathlib import Path

import pytest

from referat.corpus import ingest
from referat.errors import InputError

ACCORDION = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Referat</title></head><body>
<form id="aspnetForm" action="/vis">
<header><a href="/">Kommunen</a><button>Menu</button></header>
<nav><a href="/">Forside</a></nav>
<main>
<h1>Kultur- og Fritidsudvalget</h1>
<p>Referat</p>
<p>Mødedato: 4. april 2024, kl. 16.00</p>
<details open><summary>Punkt 1: Godkendelse af dagsorden</summary>
<h3>Beslutning</h3><p>Godkendt.</p></details>
<div class="accordion-item"><button class="accordion-toggle">Punkt 2: Tilskud til foreninger</button>
<div class="accordion-body"><p>Sagsnr. 24/1111</p>
<h3>Indstilling</h3><p>Forvaltningen indstiller, at tilskuddet bevilges.</p>
<h3>Beslutning</h3><p>Tilskud bevilget.</p>
<label for="x">Punkt 3: Lukket: Køb af areal</label><p>Sagsnr. 24/2222</p>
<h3>Beslutning</h3><p>Godkendt.</p>
<p><a href="/">Tilbage til forsiden</a> <button>Udskriv</button> <a href="/del">Del på Facebook</a></p>
<input type="text" value="Punkt 9: Søgefelt">
</div></div>
</main>
<footer><p>Kommunen · Tlf. 12 34 56 78</p></footer>
</form></body></html>"""

PORTAL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Dagsordener og referater</title></head><body>
<nav><a href="/">Forside</a></nav><main><h1>Dagsordener og referater</h1>
<h2>Byrådet</h2><ul><li><a href="/m/1">Referat - 12. marts 2024</a></li><li><a href="/m/2">Dagsorden - 9. april 2024</a></li></ul>
<h2>Økonomiudvalget</h2><ul><li><a href="/m/3">Referat - 4. marts 2024</a></li><li><a href="/m/4">Referat - 2. april 2024</a></li></ul>
</main></body></html>"""


def test_titles_in_buttons_summaries_and_labels_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "kfu.html"
    path.write_text(ACCORDION, encoding="utf-8")
    doc = ingest(path)
    assert [(i.number, i.title, i.case_number, i.closed) for i in doc.items] == [
        (1, "Godkendelse af dagsorden", None, False),
        (2, "Tilskud til foreninger", "24/1111", False),
        (3, "Køb af areal", "24/2222", True),
    ]
    assert [i.decision_text for i in doc.items] == ["Godkendt.", "Tilskud bevilget.", "Godkendt."]
    assert doc.items[1].recommendation_text == "Forvaltningen indstiller, at tilskuddet bevilges."
    assert (doc.meeting.body, doc.meeting.date) == ("Kultur- og Fritidsudvalget", "2024-04-04")
    for furniture in ("Menu", "Forside", "Tilbage til forsiden", "Udskriv", "Facebook", "Søgefelt", "Tlf."):
        assert furniture not in doc.text, furniture


def test_portal_page_that_lists_meetings_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "oversigt.html"
    path.write_text(PORTAL, encoding="utf-8")
    with pytest.raises(InputError) as info:
        ingest(path)
    assert str(path) in str(info.value) and "no meeting minutes" in str(info.value)
