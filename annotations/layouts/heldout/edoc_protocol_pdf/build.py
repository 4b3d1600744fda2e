"""Build the SYNTHETIC held-out PDF (eDoc-style beslutningsprotokol) with reportlab.

Run: /work/main/.venv/bin/python build.py  -> rebild_sundhedsudvalget_2021-01-12.pdf
"""
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle, KeepTogether)

OUT = Path(__file__).with_name("rebild_sundhedsudvalget_2021-01-12.pdf")

ss = getSampleStyleSheet()
body = ParagraphStyle("body", parent=ss["Normal"], fontName="Helvetica",
                      fontSize=10, leading=13, alignment=TA_LEFT)
label = ParagraphStyle("label", parent=body, fontName="Helvetica-Bold")
h1 = ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=18,
                    leading=22, spaceAfter=6)
h2 = ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=12,
                    leading=15)

MEETING = [
    ("Mødedato:", "12. januar 2021"),
    ("Mødetidspunkt:", "Kl. 13:00 - 15:40"),
    ("Mødested:", "Virtuelt møde via Teams"),
    ("Medlemmer:", "Peter Sørensen (V) (formand), Lisbeth Holm (A), Michael Bach (O), "
                   "Jan Kristensen (Ø), Gitte Winther (V), Henrik Nørgaard (C), Mette Brix (A)"),
    ("Afbud:", "Lisbeth Holm (A)"),
    ("Stedfortræder:", "Ingen"),
]

# (number, title, [(label, [paragraphs])])
ITEMS = [
    (1, "Godkendelse af dagsorden", [
        ("Sagsnr.", ["00.01.00-A00-1-21"]),
        ("Indstilling", ["Direktøren for Sundhed og Omsorg indstiller, at dagsordenen godkendes."]),
        ("Beslutning", ["Godkendt.", "Fraværende: Lisbeth Holm (A)"]),
    ]),
    (2, "Kvalitetsstandard for personlig pleje og praktisk hjælp 2021", [
        ("Sagsnr.", ["27.12.00-P22-3-20"]),
        ("Sagsfremstilling", [
            "Kommunalbestyrelsen skal mindst én gang årligt godkende kvalitetsstandarden for hjælp "
            "efter servicelovens §§ 83 og 83 a. Standarden beskriver serviceniveauet for personlig "
            "pleje, praktisk hjælp og rehabiliteringsforløb.",
            "Administrationen foreslår, at rengøring fremover som udgangspunkt gives hver tredje uge "
            "i stedet for hver anden uge, hvis borgeren ikke har særlige behov. Ændringen indgik "
            "i budgetaftalen for 2021.",
        ]),
        ("Økonomi", ["Ændringen forventes at give en besparelse på 1,1 mio. kr. årligt."]),
        ("Indstilling", ["Direktøren for Sundhed og Omsorg indstiller, at Social- og "
                         "Sundhedsudvalget anbefaler Byrådet at godkende kvalitetsstandarden."]),
        ("Beslutning", ["Anbefales over for Byrådet.",
                        "Michael Bach (O) tog forbehold for serviceniveauet for rengøring.",
                        "Fraværende: Lisbeth Holm (A)"]),
    ]),
    (3, "Status på COVID-19-indsatsen i ældreplejen", [
        ("Sagsnr.", ["29.30.00-G01-1-20"]),
        ("Sagsfremstilling", [
            "Administrationen orienterer om smittesituationen på plejecentrene, testkapaciteten og "
            "planen for vaccination af beboere og personale, som forventes afsluttet i uge 6.",
        ]),
        ("Indstilling", ["Direktøren for Sundhed og Omsorg indstiller, at orienteringen tages til efterretning."]),
        ("Beslutning", ["Taget til efterretning.", "Fraværende: Lisbeth Holm (A)"]),
    ]),
    (4, "Takster for madservice 2021", [
        ("Sagsnr.", ["27.24.00-S55-1-20"]),
        ("Sagsfremstilling", [
            "Den maksimale pris for en hovedret er fastsat af Social- og Ældreministeriet til 57 kr. "
            "i 2021. Administrationen foreslår, at taksten for levering af hovedret fastsættes til "
            "det maksimale beløb, mens prisen for biretter fastholdes på 12 kr.",
        ]),
        ("Indstilling", ["Direktøren for Sundhed og Omsorg indstiller, at taksterne godkendes."]),
        ("Beslutning", ["Godkendt med 5 stemmer for. Jan Kristensen (Ø) stemte imod.",
                        "Fraværende: Lisbeth Holm (A)"]),
    ]),
    (5, "Ansøgninger om § 18-midler 2021 - 1. runde", [
        ("Sagsnr.", ["27.15.08-Ø40-1-21"]),
        ("Sagsfremstilling", [
            "Der er afsat 650.000 kr. til støtte til frivilligt socialt arbejde efter servicelovens "
            "§ 18 i 2021. Ved ansøgningsfristen den 1. december 2020 var der modtaget 17 ansøgninger "
            "med et samlet ansøgt beløb på 528.000 kr.",
            "Administrationens forslag til fordeling fremgår af bilag 1.",
        ]),
        ("Indstilling", ["Direktøren for Sundhed og Omsorg indstiller, at midlerne fordeles som foreslået i bilag 1."]),
        ("Beslutning", ["Udvalget bevilgede i alt 312.500 kr. fordelt som angivet i bilag 1.",
                        "Ansøgningen fra Støvring Besøgsvenner blev udsat til 2. runde.",
                        "Fraværende: Lisbeth Holm (A)"]),
        ("Bilag", ["1. Forslag til fordeling af § 18-midler 2021 (åben)"]),
    ]),
    (6, "Eventuelt", [
        ("Beslutning", ["Intet.", "Fraværende: Lisbeth Holm (A)"]),
    ]),
]


def on_page(canvas, doc):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(20 * mm, 287 * mm, "Rebild Kommune")
    canvas.drawRightString(190 * mm, 287 * mm, "Social- og Sundhedsudvalget - 12-01-2021")
    canvas.line(20 * mm, 285 * mm, 190 * mm, 285 * mm)
    canvas.drawString(20 * mm, 12 * mm, "SYNTETISK TESTDOKUMENT")
    canvas.drawRightString(190 * mm, 12 * mm, "Side %d" % doc.page)
    canvas.restoreState()


def build():
    doc = SimpleDocTemplate(str(OUT), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=20 * mm,
                            title="Beslutningsprotokol - Social- og Sundhedsudvalget (SYNTETISK)",
                            author="Rebild Kommune (syntetisk)")
    story = [Paragraph("Beslutningsprotokol", h1),
             Paragraph("Social- og Sundhedsudvalget", h2), Spacer(1, 6 * mm)]
    t = Table([[Paragraph(a, label), Paragraph(b, body)] for a, b in MEETING],
              colWidths=[35 * mm, 135 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [t, Spacer(1, 8 * mm), Paragraph("Indholdsfortegnelse", h2), Spacer(1, 2 * mm)]
    toc = Table([[Paragraph("%d." % n, body), Paragraph(title, body)] for n, title, _ in ITEMS],
                colWidths=[12 * mm, 158 * mm])
    toc.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [toc, PageBreak()]
    for n, title, sections in ITEMS:
        head = Table([[Paragraph("%d." % n, h2), Paragraph(title, h2)]],
                     colWidths=[12 * mm, 158 * mm])
        head.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#DDE6EE")),
        ]))
        rows = []
        for lab, paras in sections:
            rows.append([Paragraph(lab, label), [Paragraph(p, body) for p in paras]])
        sect = Table(rows, colWidths=[35 * mm, 135 * mm])
        sect.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.grey),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        story += [KeepTogether([head, Spacer(1, 2 * mm), sect]), Spacer(1, 8 * mm)]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


if __name__ == "__main__":
    build()
    print("wrote", OUT)
