"""The findings pack as files: PowerPoint, PDF, Word and HTML, all from one `FindingsPack`.

Every format carries the same content in the same order: the cover, the
headline figures, every question against the comparison period, the trend
charts (PNG through vl-convert, each with its figures as a table or, on slides,
in the notes), the strongest themes with their quotes, possible new themes, the
action log and how to read the figures. Text stays text (editable in
PowerPoint and Word); charts carry alt text. Nothing is fetched while writing:
images are embedded, fonts are the system's. `export_pack` writes a file and
records the export in the audit log.
"""

from __future__ import annotations

import base64
import io
from datetime import date
from html import escape
from typing import Callable, Mapping

from analysis.charts import chart_png
from analysis.report import FindingsPack, PackChart, Table, ThemeFinding, month_name

FORMATS = ("pptx", "pdf", "docx", "html")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}
FONTS = '"DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Nastaliq Urdu", "Noto Sans Gurmukhi", sans-serif'
ACTIONS_PER_SLIDE = 6
ACTION_COLUMNS = ("Theme", "You said", "We did", "Who", "Where", "Status", "Dates")
KIND_TITLES = {"positive": "What is going well", "negative": "What needs to change"}


# Pixels per chart pixel: 1.5 gives about 1,200 px across, sharp on a projector and on A4 (about
# 115 dpi there), and draws and embeds noticeably faster than 2.
CHART_SCALE = 1.5


def chart_images(pack: FindingsPack) -> dict[str, bytes]:
    """Each chart of the pack as a PNG."""
    return {chart.name: chart_png(chart.spec, scale=CHART_SCALE) for chart in pack.charts}


def _day(value: date | None) -> str:
    return "" if value is None else f"{value.day} {month_name(f'{value.year}-{value.month:02d}')}"


def action_rows(pack: FindingsPack) -> list[tuple[str, ...]]:
    rows = []
    for action in pack.actions:
        dates = [f"agreed {_day(action.agreed_on)}"]
        if action.completed_on:
            dates.append(f"done {_day(action.completed_on)}")
        elif action.due_on:
            dates.append(f"due {_day(action.due_on)}")
        rows.append((action.theme_label, action.you_said, action.we_did, action.owner, action.site,
                     action.status_label, "; ".join(dates)))
    return rows


def _cover_lines(pack: FindingsPack) -> list[str]:
    return [
        f"Period: {pack.period}",
        f"Compared with: {pack.comparison}",
        f"Covering: {pack.scope}",
        f"Produced {_day(pack.produced)}",
    ]


def _theme_line(finding: ThemeFinding) -> str:
    share = f" ({finding.share} of people who commented)" if finding.share else ""
    return f"{finding.people} people mention it{share}. How they feel: {finding.feeling}. Over time: {finding.reading}."


def quote_note(finding: ThemeFinding, min_cell: int) -> str | None:
    """Why a theme shows no quote (None when it shows some): the pack, its files and the page say the same."""
    if finding.quotes:
        return None
    if finding.alternatives:
        return "No quotes chosen for this theme."
    if finding.quoted_elsewhere:
        return "Every comment about this theme that may be quoted is already quoted under another theme."
    return (f"No quote can be shown: no one who agreed to be quoted wrote about this theme in a month shown "
            f"with {min_cell} or more people.")


# --- HTML (and PDF) ------------------------------------------------------------------------------


_CSS = """
@page { size: A4 landscape; margin: 13mm 14mm 15mm;
  @bottom-left { content: "%(footer)s"; font: 8pt %(fonts)s; color: #505a5f; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt %(fonts)s; color: #505a5f; } }
html { font-family: %(fonts)s; color: #0b0c0c; line-height: 1.4; }
body { margin: 0 auto; max-width: 1120px; padding: 0 16px; font-size: 11pt; }
h1 { font-size: 26pt; margin: 0 0 8pt; }
h2 { font-size: 18pt; margin: 0 0 8pt; border-bottom: 3px solid #0072B2; padding-bottom: 3pt; }
h3 { font-size: 13pt; margin: 12pt 0 5pt; }
h4 { font-size: 12pt; margin: 0 0 4pt; }
section { break-before: page; padding-top: 6pt; }
.cover { padding-top: 40mm; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: #0072B2; font-weight: bold; margin: 0; }
.meta p { margin: 2pt 0; font-size: 13pt; }
.notice { margin-top: 18pt; padding: 8pt 10pt; border-left: 5px solid #E69F00; background: #fbf5e6; max-width: 190mm; }
.headlines { display: flex; gap: 10pt; }
.headline { flex: 1; border: 1px solid #b1b4b6; border-top: 5px solid #0072B2; padding: 8pt 10pt; }
.headline .label { font-weight: bold; margin: 0; }
.headline .value { font-size: 28pt; font-weight: bold; margin: 2pt 0; }
.headline p { margin: 2pt 0; }
table { border-collapse: collapse; width: 100%%; font-size: 8.5pt; margin: 4pt 0 10pt; }
th, td { border: 1px solid #b1b4b6; padding: 2.5pt 4pt; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
figure { margin: 0 0 14pt; break-inside: avoid; }
figure img { max-width: 100%%; max-height: 120mm; display: block; }
figcaption { font-size: 9.5pt; color: #505a5f; margin-top: 3pt; }
h2, h3, h4 { break-after: avoid; }
.theme { border-left: 5px solid #0072B2; padding: 2pt 0 2pt 10pt; margin: 0 0 12pt; }
.theme.negative { border-left-color: #D55E00; }
.theme .summary { margin: 0 0 6pt; break-after: avoid; }
blockquote { margin: 0 0 6pt 0; padding: 5pt 9pt; background: #f3f2f1; font-size: 10.5pt; break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
a { color: #1d70b8; }
blockquote p { margin: 0; }
blockquote footer { font-size: 8.5pt; color: #505a5f; margin-top: 2pt; }
.muted { color: #505a5f; }
ul { margin: 4pt 0; }
@media screen { section { border-top: 1px solid #b1b4b6; margin-top: 28px; } .cover { padding-top: 24px; } }
"""


def _table_html(table: Table | tuple, caption: str = "") -> str:
    columns, rows = (table.columns, table.rows) if isinstance(table, Table) else table
    head = "".join(f"<th scope=\"col\">{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join((f"<th scope=\"row\">{escape(v)}</th>" if i == 0 else f"<td>{escape(v)}</td>")
                         for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    cap = f"<caption class=\"muted\">{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart_html(chart: PackChart, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f"<figure><img src=\"data:image/png;base64,{data}\" alt=\"{escape(chart.alt_text)}\">"
            f"<figcaption>{escape(chart.caption)} <a href=\"#figures-{chart.name}\">The figures behind this "
            f"chart</a> are at the end.</figcaption></figure>")


def _figures_html(chart: PackChart) -> str:
    return f"<h3 id=\"figures-{chart.name}\">{escape(chart.title)}</h3>{_table_html(chart.table)}"


def _theme_html(finding: ThemeFinding, min_cell: int) -> str:
    quotes = "".join(
        f"<blockquote><p>“{escape(q.text)}”</p><footer>{escape(q.question)} · {escape(q.sentiment)}</footer>"
        f"</blockquote>" for q in finding.quotes
    )
    note = quote_note(finding, min_cell)
    return (f"<article class=\"theme {finding.kind}\"><h4>{escape(finding.label)}</h4>"
            f"<p class=\"summary\">{escape(_theme_line(finding))}</p>{quotes}"
            + (f"<p class=\"muted\">{escape(note)}</p>" if note else "") + "</article>")


def pack_html(pack: FindingsPack, images: Mapping[str, bytes] | None = None) -> str:
    """The pack as one self-contained HTML page (images embedded), printable on A4 landscape."""
    images = images if images is not None else chart_images(pack)
    # A CSS string inside <style>: no quotes, backslashes or angle brackets.
    footer = "".join(ch for ch in f"{pack.title} · {pack.period}" if ch not in '"\\<>')
    css = _CSS % {"fonts": FONTS, "footer": footer}
    charts = {chart.name: chart for chart in pack.charts}
    trend = "".join(_chart_html(charts[n], images[n]) for n in ("responses", "satisfaction", "police-ratings",
                                                               "refuge-ratings"))
    themes = "".join(_chart_html(charts[n], images[n]) for n in ("themes", "theme-sentiment", "theme-changes"))
    headlines = "".join(
        f"<div class=\"headline\"><p class=\"label\">{escape(h.label)}</p><p class=\"value\">{escape(h.value)}</p>"
        f"<p>{escape(h.detail)}</p><p class=\"muted\">{escape(h.change)}</p></div>" for h in pack.headlines
    )
    strongest = ""
    for kind, findings in (("positive", pack.positive_themes), ("negative", pack.negative_themes)):
        strongest += f"<h3>{KIND_TITLES[kind]}</h3>"
        strongest += "".join(_theme_html(f, pack.min_cell) for f in findings) or \
            "<p class=\"muted\">No theme is shown for this period.</p>"
    emerging = ("<ul>" + "".join(f"<li>{escape(', '.join(t.terms))}</li>" for t in pack.emerging) + "</ul>"
                if pack.emerging else "<p class=\"muted\">Nothing to suggest: too few comments that no theme covers.</p>")
    actions = (_table_html((ACTION_COLUMNS, action_rows(pack))) if pack.actions
               else "<p class=\"muted\">No actions recorded yet.</p>")
    cover = "".join(f"<p>{escape(line)}</p>" for line in _cover_lines(pack))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(pack.title)}: {escape(pack.period)}</title><style>{css}</style></head>
<body>
<header class="cover"><p class="kicker">Findings pack</p><h1>{escape(pack.title)}</h1>
<div class="meta">{cover}</div>
<p class="notice">{escape(pack.notes[0])}</p></header>
<section id="glance"><h2>At a glance</h2><div class="headlines">{headlines}</div>
<h3>Every question: {escape(pack.period)} against {escape(pack.comparison)}</h3>
{_table_html(pack.measure_changes)}</section>
<section id="trends"><h2>Trends</h2>{trend}</section>
<section id="themes"><h2>What survivors write about</h2>{themes}</section>
<section id="strongest"><h2>Strongest themes, in survivors' words</h2>{strongest}</section>
<section id="emerging"><h2>Possible new themes</h2>
<p>Groups of comments that no theme covers, by the words they share. For review: one may deserve a theme of its own.</p>
{emerging}</section>
<section id="actions"><h2>You said, we did: the action log</h2>{actions}</section>
<section id="about"><h2>About these figures</h2><ul>{''.join(f'<li>{escape(n)}</li>' for n in pack.notes)}</ul></section>
<section id="figures"><h2>The figures behind each chart</h2>
<p>Each chart's figures as a table (its text alternative). {escape(pack.notes[0])}</p>
{''.join(_figures_html(chart) for chart in pack.charts)}</section>
</body></html>
"""


def html_to_pdf(html: str) -> bytes:
    """A PDF from self-contained HTML. Only embedded data: URLs are read, nothing from a network or a disk,
    and a resource that cannot be read stops the PDF rather than leaving a gap in it."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)).write_pdf()


def pack_pdf(pack: FindingsPack, images: Mapping[str, bytes] | None = None) -> bytes:
    return html_to_pdf(pack_html(pack, images))


# --- PowerPoint -----------------------------------------------------------------------------------


def _pptx_text(frame, paragraphs: list[tuple[str, int, bool]], *, colour=None) -> None:
    """Fill a text frame with (text, points, bold) paragraphs."""
    from pptx.util import Pt

    frame.word_wrap = True
    for index, (text, size, bold) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = colour
        paragraph.space_after = Pt(size * 0.4)


def _pptx_table(slide, columns, rows, left, top, width, height, size: int = 11, widths=None) -> None:
    from pptx.util import Pt

    shape = slide.shapes.add_table(len(rows) + 1, len(columns), left, top, width, height)
    table = shape.table
    for c, text in enumerate(columns):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(len(columns))):
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size)
        cell.margin_top = cell.margin_bottom = Pt(2)
    if widths:
        total = sum(widths)
        for c, share in enumerate(widths):
            table.columns[c].width = int(width * share / total)


def pack_pptx(pack: FindingsPack, images: Mapping[str, bytes] | None = None) -> bytes:
    """Slides: title, at a glance, every question, one per chart, strongest themes, one per theme with its
    quotes, possible new themes, the action log, about the figures. Text stays editable."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    images = images if images is not None else chart_images(pack)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    width = prs.slide_width
    margin = Inches(0.5)
    inner = width - 2 * margin
    grey = RGBColor(0x50, 0x5A, 0x5F)

    def titled(title: str, notes: str = ""):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = margin, Inches(0.3), inner, Inches(0.9)
        shape.text = title
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = 1  # left
            for run in paragraph.runs:
                run.font.size = Pt(30 if len(title) <= 40 else 24)
                run.font.bold = True
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def box(slide, left, top, box_width, height, paragraphs, colour=None):
        shape = slide.shapes.add_textbox(left, top, box_width, height)
        _pptx_text(shape.text_frame, paragraphs, colour=colour)
        return shape

    cover = prs.slides.add_slide(prs.slide_layouts[0])
    title = cover.shapes.title
    title.left, title.top, title.width, title.height = margin, Inches(1.5), inner, Inches(2.2)
    title.text = pack.title
    subtitle = cover.placeholders[1]
    subtitle.left, subtitle.width, subtitle.top, subtitle.height = margin, inner, Inches(3.9), Inches(2.8)
    subtitle.text_frame.text = ""
    _pptx_text(subtitle.text_frame, [(line, 20, False) for line in _cover_lines(pack)] + [(pack.notes[0], 13, False)])

    slide = titled("At a glance", "\n".join(f"{h.label}: {h.value}. {h.detail}. {h.change}" for h in pack.headlines))
    column = (inner - Inches(0.4)) / 3
    for index, headline in enumerate(pack.headlines):
        left = margin + index * (column + Inches(0.2))
        box(slide, left, Inches(1.5), column, Inches(4.6), [
            (headline.label, 18, True), (headline.value, 48, True), (headline.detail, 14, False),
            (headline.change, 14, False)])
    box(slide, margin, Inches(6.5), inner, Inches(0.6), [(pack.notes[0], 11, False)], colour=grey)

    slide = titled(f"Every question against {pack.comparison}", pack.measure_changes.text())
    _pptx_table(slide, pack.measure_changes.columns, pack.measure_changes.rows, margin, Inches(1.3), inner,
                Inches(5.6), size=11, widths=[3.2, 1.6, 1.6, 1.3, 1.6, 1.4])

    for chart in pack.charts:
        slide = titled(chart.title, f"{chart.caption}\n\n{chart.table.text()}")
        picture = slide.shapes.add_picture(io.BytesIO(images[chart.name]), margin, Inches(1.3))
        # Fit inside the space under the title, keeping the shape.
        scale = min(inner / picture.width, Inches(5.3) / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        picture.left = int((width - picture.width) / 2)
        picture._element.nvPicPr.cNvPr.set("descr", f"{chart.alt_text} Figures in the notes.")
        box(slide, margin, Inches(6.75), inner, Inches(0.5),
            [(f"{chart.caption} Figures in the notes; groups under {pack.min_cell} are not drawn.", 12, False)],
            colour=grey)

    slide = titled("Strongest themes")
    half = (inner - Inches(0.4)) / 2
    for index, (kind, findings) in enumerate((("positive", pack.positive_themes), ("negative", pack.negative_themes))):
        lines = [(KIND_TITLES[kind], 20, True)]
        for finding in findings:
            lines += [(finding.label, 16, True), (_theme_line(finding), 12, False)]
        if not findings:
            lines.append(("No theme is shown for this period.", 14, False))
        box(slide, margin + index * (half + Inches(0.4)), Inches(1.3), half, Inches(5.8), lines)

    for finding in pack.themes:
        slide = titled(f"{finding.label}: {KIND_TITLES[finding.kind].lower()}", _theme_line(finding))
        lines = [(_theme_line(finding), 13, False)]
        for quote in finding.quotes:
            lines += [(f"“{quote.text}”", 15 if len(finding.quotes) < 5 else 13, False),
                      (f"{quote.question} · {quote.sentiment}", 10, False)]
        note = quote_note(finding, pack.min_cell)
        if note:
            lines.append((note, 13, False))
        box(slide, margin, Inches(1.25), inner, Inches(5.9), lines)

    slide = titled("Possible new themes")
    lines = [("Groups of comments that no theme covers, by the words they share. For review.", 14, False)]
    lines += [(", ".join(topic.terms), 18, False) for topic in pack.emerging] or [
        ("Nothing to suggest: too few comments that no theme covers.", 16, False)]
    box(slide, margin, Inches(1.3), inner, Inches(5.6), lines)

    rows = action_rows(pack)
    chunks = [rows[i:i + ACTIONS_PER_SLIDE] for i in range(0, len(rows), ACTIONS_PER_SLIDE)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        title = "You said, we did" + (f" ({number} of {len(chunks)})" if len(chunks) > 1 else "")
        slide = titled(title, "\n".join(" | ".join(row) for row in chunk))
        if chunk:
            # Rows as tall as their words need (about 0.8 in), not stretched over the slide.
            _pptx_table(slide, ACTION_COLUMNS, chunk, margin, Inches(1.3), inner,
                        min(Inches(5.6), Inches(0.4) + Inches(0.8) * len(chunk)), size=11,
                        widths=[1.4, 2.6, 2.6, 1.5, 1.4, 1.0, 1.6])
        else:
            box(slide, margin, Inches(1.3), inner, Inches(1), [("No actions recorded yet.", 18, False)])

    slide = titled("About these figures")
    box(slide, margin, Inches(1.3), inner, Inches(5.8), [(note, 14, False) for note in pack.notes])

    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def expected_slide_count(pack: FindingsPack) -> int:
    """Title, at a glance, every question, the charts, strongest themes, one per theme, new themes,
    the action log (six actions a slide), about the figures."""
    action_slides = max(1, -(-len(pack.actions) // ACTIONS_PER_SLIDE))
    return 3 + len(pack.charts) + 1 + len(pack.themes) + 1 + action_slides + 1


# --- Word ---------------------------------------------------------------------------------------------


def pack_docx(pack: FindingsPack, images: Mapping[str, bytes] | None = None) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches, Pt, RGBColor

    images = images if images is not None else chart_images(pack)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11.69), Inches(8.27)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.6))
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"{pack.title}: {pack.period}"
    grey = RGBColor(0x50, 0x5A, 0x5F)

    def table(columns, rows, size: float = 8.5) -> None:
        shape = document.add_table(rows=1, cols=len(columns))
        shape.style = "Table Grid"
        for cell, text in zip(shape.rows[0].cells, columns):
            cell.text = text
            cell.paragraphs[0].runs[0].font.bold = True
        for row in rows:
            for cell, text in zip(shape.add_row().cells, row):
                cell.text = text
        for row in shape.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
        document.add_paragraph()

    def muted(text: str) -> None:
        run = document.add_paragraph().add_run(text)
        run.font.color.rgb = grey
        run.font.size = Pt(9)

    document.add_heading(pack.title, level=0)
    for line in _cover_lines(pack):
        document.add_paragraph(line)
    muted(pack.notes[0])

    document.add_page_break()
    document.add_heading("At a glance", level=1)
    for headline in pack.headlines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{headline.label}: ").bold = True
        big = paragraph.add_run(headline.value)
        big.bold, big.font.size = True, Pt(16)
        document.add_paragraph(f"{headline.detail}. {headline.change}.")
    document.add_heading(f"Every question: {pack.period} against {pack.comparison}", level=2)
    table(pack.measure_changes.columns, pack.measure_changes.rows)

    for heading, names in (("Trends", ("responses", "satisfaction", "police-ratings", "refuge-ratings")),
                           ("What survivors write about", ("themes", "theme-sentiment", "theme-changes"))):
        document.add_page_break()
        document.add_heading(heading, level=1)
        for chart in (c for c in pack.charts if c.name in names):
            document.add_heading(chart.title, level=2)
            document.add_picture(io.BytesIO(images[chart.name]), width=Inches(9.3))
            document.inline_shapes[-1]._inline.docPr.set("descr", chart.alt_text)
            muted(f"{chart.caption} The figures behind this chart are at the end.")

    document.add_page_break()
    document.add_heading("Strongest themes, in survivors' words", level=1)
    for kind, findings in (("positive", pack.positive_themes), ("negative", pack.negative_themes)):
        document.add_heading(KIND_TITLES[kind], level=2)
        if not findings:
            muted("No theme is shown for this period.")
        for finding in findings:
            document.add_heading(finding.label, level=3)
            document.add_paragraph(_theme_line(finding))
            for quote in finding.quotes:
                document.add_paragraph(f"“{quote.text}”", style="Quote")
                muted(f"{quote.question} · {quote.sentiment}")
            note = quote_note(finding, pack.min_cell)
            if note:
                muted(note)

    document.add_heading("Possible new themes", level=1)
    document.add_paragraph("Groups of comments that no theme covers, by the words they share. For review.")
    for topic in pack.emerging:
        document.add_paragraph(", ".join(topic.terms), style="List Bullet")
    if not pack.emerging:
        muted("Nothing to suggest: too few comments that no theme covers.")

    document.add_page_break()
    document.add_heading("You said, we did: the action log", level=1)
    if pack.actions:
        table(ACTION_COLUMNS, action_rows(pack), size=9)
    else:
        muted("No actions recorded yet.")
    document.add_heading("About these figures", level=1)
    for note in pack.notes:
        document.add_paragraph(note, style="List Bullet")

    document.add_page_break()
    document.add_heading("The figures behind each chart", level=1)
    document.add_paragraph("Each chart's figures as a table (its text alternative).")
    for chart in pack.charts:
        document.add_heading(chart.title, level=2)
        table(chart.table.columns, chart.table.rows, size=7.5)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- any format, audited ----------------------------------------------------------------------------


WRITERS: dict[str, Callable[[FindingsPack, Mapping[str, bytes] | None], bytes]] = {
    "pptx": pack_pptx,
    "pdf": pack_pdf,
    "docx": pack_docx,
    "html": lambda pack, images=None: pack_html(pack, images).encode("utf-8"),
}


def render(pack: FindingsPack, fmt: str) -> bytes:
    if fmt not in WRITERS:
        raise ValueError(f"a findings pack is one of {', '.join(FORMATS)}, not {fmt!r}")
    return WRITERS[fmt](pack, None)


def export_pack(factory, account: str, pack: FindingsPack, fmt: str, *, automatic_quotes: bool = True) -> bytes:
    """The pack as a file in `fmt`, with the export recorded in the audit log (who, when, which filters)."""
    from db import audit
    from db.engine import write_session

    data = render(pack, fmt)
    with write_session(factory) as session:
        audit.record(session, account, "findings_pack_exported", {
            "format": fmt, "filters": pack.filters,
            "quotes": sum(len(finding.quotes) for finding in pack.themes),
            "quotes_chosen_by": "automatic" if automatic_quotes else "lead",
        })
    return data
