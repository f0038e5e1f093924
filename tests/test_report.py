"""The findings pack: a lead exports it as PowerPoint, PDF, Word and HTML and opens each file.

The database holds known comments (tests/findings_data.py): people who agreed to
be quoted, people who refused, people who did not answer, two people in a month
too small to show, and personal data typed into comments and into an action.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from analysis import charts
from analysis.report import MAX_QUOTES, build_pack, remove_quote, swap_quote
from analysis.report_files import FORMATS, expected_slide_count, export_pack, render
from analysis.trends import InvalidRequest, SummaryRequest, summarise
from db import audit
from db.engine import get_sessionmaker
from db.migrate import upgrade
from tests.conftest import _forget_engine
from tests.findings_data import PERIOD, PERSONAL_DATA, TODAY, plant_findings

ROOT = Path(__file__).resolve().parent.parent
MIN_CELL = 5


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('findings') / 'findings.db'}"
    upgrade(url)
    texts = plant_findings(get_sessionmaker(url))
    yield url, texts
    _forget_engine(url)


@pytest.fixture(scope="module")
def pack(planted):
    url, _ = planted
    with get_sessionmaker(url)() as session:
        return build_pack(session, SummaryRequest(*PERIOD), MIN_CELL, today=TODAY)


@pytest.fixture(scope="module")
def files(pack):
    """Each format as a lead downloads it."""
    return {fmt: render(pack, fmt) for fmt in FORMATS}


# --- reading the files back -------------------------------------------------------------------------


def pptx_texts(data: bytes) -> list[str]:
    """Every text of every slide (text boxes, tables, notes), one string per slide."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        slides.append("\n".join(parts))
    return slides


def pptx_table_cells(data: bytes) -> list[str]:
    return [cell.text for slide in Presentation(io.BytesIO(data)).slides for shape in slide.shapes
            if shape.has_table for row in shape.table.rows for cell in row.cells]


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs] + docx_table_cells(data))


def docx_table_cells(data: bytes) -> list[str]:
    return [cell.text for table in Document(io.BytesIO(data)).tables for row in table.rows for cell in row.cells]


def docx_rows(data: bytes) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in Document(io.BytesIO(data)).tables for row in table.rows]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def html_text(data: bytes) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))


def html_table_cells(data: bytes) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", data.decode())]


def flat(text: str) -> str:
    """Whitespace as single spaces (PDF text comes back wrapped at line ends) and straight quotes."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def all_texts(files: dict[str, bytes]) -> dict[str, str]:
    return {"pptx": flat("\n".join(pptx_texts(files["pptx"]))), "docx": flat(docx_text(files["docx"])),
            "pdf": flat(pdf_text(files["pdf"])), "html": flat(html_text(files["html"]))}


# --- quotes ---------------------------------------------------------------------------------------------


def test_quotes_come_only_from_people_who_agreed_and_never_from_a_suppressed_month(pack, planted):
    _, texts = planted
    quotes = [quote.text for finding in pack.themes for quote in finding.candidates]
    assert quotes, "the fixture has quotable comments"
    assert all(text in texts.consenting for text in quotes if "[" not in text)
    assert not set(quotes) & texts.never_quoted
    for finding in pack.themes:
        assert len(finding.quotes) <= MAX_QUOTES
        # Chosen automatically: 3 to 5 wherever enough eligible comments exist.
        if len(finding.candidates) >= 3:
            assert 3 <= len(finding.quotes) <= 5, finding.label


def months_too_small(summary, theme: str) -> bool:
    """No month of the period shows both its responses and a count of people mentioning the theme."""
    return all(group.responses.suppressed or group.themes[theme].cell.suppressed or not group.themes[theme].cell.n
               for group in summary.groups)


def test_a_theme_whose_months_are_all_too_small_gets_no_quote_and_says_why(pack, planted, files):
    url, _ = planted
    with get_sessionmaker(url)() as session:
        summary = summarise(session, SummaryRequest(*PERIOD), MIN_CELL)
    for finding in pack.themes:
        if months_too_small(summary, finding.theme):
            assert not finding.candidates and not finding.quoted_elsewhere, finding.label
        elif not finding.candidates:
            # Only because each comment is quoted once: another theme already quotes all of its comments.
            assert finding.quoted_elsewhere, finding.label
        if finding.candidates:
            # 3 to 5 where enough eligible comments exist; otherwise every one there is. How many
            # depends on which comments the coder gives the theme and which of them other themes
            # quoted first (response ids are random, so that order changes from run to run).
            assert 3 <= len(finding.quotes) <= MAX_QUOTES or finding.quotes == finding.candidates, finding.label
    unquotable = [finding.label for finding in pack.themes if months_too_small(summary, finding.theme)]
    assert unquotable, "the fixture has a theme of five people spread over small months"
    assert "No quote can be shown: no one who agreed to be quoted wrote about this theme in a month shown " \
           "with 5 or more people." in flat(html_text(files["html"]))


def test_no_export_quotes_anyone_who_did_not_agree_and_every_export_carries_the_quotes(files, pack, planted):
    _, texts = planted
    shown = [flat(quote.text) for finding in pack.themes for quote in finding.quotes]
    assert len(shown) >= 8
    for fmt, text in all_texts(files).items():
        # The check can fail: the quotes the pack chose are found in every file...
        assert all(quote in text for quote in shown), fmt
        # ...and nothing from anyone who refused, did not answer, or sits in a suppressed month.
        leaked = [t for t in texts.never_quoted if flat(t) in text]
        assert leaked == [], f"{fmt} quotes {leaked[:2]}"


def test_no_personal_data_in_any_export(files):
    for fmt, text in all_texts(files).items():
        assert [item for item in PERSONAL_DATA if item in text] == [], fmt
        # The redacted action is there, with its placeholder where the officer's name was.
        assert "Ask for PC 4521 [NAME]." in text, fmt


# --- suppression ---------------------------------------------------------------------------------------


def test_the_pack_shows_the_dashboards_numbers(pack, planted):
    url, _ = planted
    with get_sessionmaker(url)() as session:
        summary = summarise(session, SummaryRequest(*PERIOD), MIN_CELL)
    assert pack.headlines[0].value == summary.label(summary.total.responses) == "39"
    responses = next(chart for chart in pack.charts if chart.name == "responses").table
    frame = charts.responses_table(summary)
    assert responses.rows == tuple(tuple(row) for row in frame.astype(str).itertuples(index=False))
    # June has 2 people: "fewer than 5"; January is held back so June cannot be worked out from the total.
    assert dict((row[0], row[1:]) for row in responses.rows)["2026-06"] == ("fewer than 5", "hidden")
    assert dict((row[0], row[1:]) for row in responses.rows)["2026-01"] == ("hidden", "hidden")


def test_suppressed_figures_stay_suppressed_in_every_export(files):
    june = ("2026-06", "fewer than 5", "hidden")
    assert june in [tuple(row) for row in docx_rows(files["docx"])]
    assert "2026-06 | fewer than 5 | hidden" in "\n".join(pptx_texts(files["pptx"]))  # the chart's notes
    assert "2026-06 fewer than 5 hidden" in flat(html_text(files["html"]))
    assert "2026-06 fewer than 5 hidden" in flat(pdf_text(files["pdf"]))
    # No table anywhere holds a count of 1 to 4.
    for fmt, cells in (("docx", docx_table_cells(files["docx"])), ("pptx", pptx_table_cells(files["pptx"])),
                       ("html", html_table_cells(files["html"]))):
        counts = [int(cell) for cell in cells if re.fullmatch(r"\d+", cell.strip())]
        assert counts and not [n for n in counts if 0 < n < MIN_CELL], fmt
    for fmt, text in all_texts(files).items():
        # (The notes' "Figures about 1 to 4 people" is the rule, not a count.)
        assert not re.search(r"\b[1-4] (people|responses)\b", text.replace("1 to 4 people", "")), fmt


# --- the files ------------------------------------------------------------------------------------------


def test_powerpoint_has_a_slide_for_each_part_with_the_charts_as_images_and_editable_text(files, pack):
    presentation = Presentation(io.BytesIO(files["pptx"]))
    # Title, at a glance, every question, 7 charts, strongest themes, 5 themes, new themes, actions, about.
    assert len(presentation.slides) == expected_slide_count(pack) == 14 + len(pack.themes)
    assert len(pack.themes) >= 2
    pictures = [shape for slide in presentation.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 7
    assert all(picture._element.nvPicPr.cNvPr.get("descr") for picture in pictures)  # alt text
    assert all(picture.image.content_type == "image/png" for picture in pictures)
    titles = [slide.shapes.title.text for slide in presentation.slides]
    assert titles[:2] == ["What survivors told us", "At a glance"]
    assert "Being believed: what is going well" in titles and "Kept informed: what needs to change" in titles
    assert titles[-3:] == ["Possible new themes", "You said, we did", "About these figures"]
    glance = pptx_texts(files["pptx"])[1]
    assert "39" in glance and "97%" in glance  # headline figures as text, not pictures


def test_pdf_is_a4_landscape_with_every_chart(files):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    assert all(round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
               for page in reader.pages)
    # Pages share one resource dictionary; the distinct images are the charts.
    assert len({hashlib.sha256(image.data).hexdigest() for page in reader.pages for image in page.images}) == 7
    text = flat(pdf_text(files["pdf"]))
    for heading in ("At a glance", "Strongest themes, in survivors' words", "You said, we did: the action log",
                    "The figures behind each chart"):
        assert heading in text


def test_pdf_pages_render_to_images(files, tmp_path):
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(files["pdf"])
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(files["pdf"])).pages) >= 10


def test_word_document_has_every_chart_with_alt_text_and_the_figures_as_tables(files):
    document = Document(io.BytesIO(files["docx"]))
    assert len(document.inline_shapes) == 7
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "The figures behind each chart" in headings and "Being believed" in headings
    assert len(document.tables) == 1 + 7 + 1  # every question, one per chart, the action log


def test_html_is_self_contained(files):
    html = files["html"].decode()
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert len(images) == 7 and all(src.startswith("data:image/png;base64,") for src, _ in images)
    assert not re.search(r'(src|href)="(https?:|//)', html)


# --- the lead's choices, audit, and the command line -----------------------------------------------------


def test_the_leads_swapped_and_removed_quotes_are_what_the_files_show(pack):
    finding = pack.themes[0]
    first, second = finding.quotes[0], finding.quotes[1]
    choices = remove_quote(pack.quote_choices, finding.theme, second.key)
    choices = swap_quote(pack, choices, finding.theme, first.key)
    chosen = pack.with_quotes(choices)
    texts = [quote.text for quote in chosen.themes[0].quotes]
    assert first.text not in texts and second.text not in texts and len(texts) == len(finding.quotes) - 1
    assert texts[0] == finding.alternatives[0].text
    # Swapping again brings a quote not yet seen, not the ones she set aside.
    again = pack.with_quotes(swap_quote(pack, choices, finding.theme, chosen.themes[0].quotes[0].key))
    assert again.themes[0].quotes[0].text not in (first.text, second.text, texts[0])
    html = flat(html_text(render(chosen, "html")))
    assert flat(texts[0]) in html and flat(first.text) not in html and flat(second.text) not in html
    # Nothing outside the eligible pool can be slipped in.
    with pytest.raises(ValueError):
        pack.with_quotes({finding.theme: ["not-an-eligible-quote"]})


def test_every_export_is_audited_with_its_filters(pack, planted):
    url, _ = planted
    factory = get_sessionmaker(url)
    data = export_pack(factory, "priya", pack, "docx", automatic_quotes=False)
    assert data[:2] == b"PK"
    with factory() as session:
        entry = audit.entries(session, action="findings_pack_exported")[0]
    assert entry.account == "priya"
    assert entry.details["format"] == "docx" and entry.details["quotes_chosen_by"] == "lead"
    assert entry.details["filters"] == {"from": "2026-01", "to": "2026-06", "compare_from": "2025-07",
                                        "compare_to": "2025-12", "by": "month", "sites": None,
                                        "service": None, "contact": None}


def run_report(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "report", "--db", url, *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_command_line_writes_the_pack_and_records_it(planted, tmp_path):
    url, texts = planted
    out = tmp_path / "pack.pptx"
    result = run_report(url, "--from", "2026-01-01", "--to", "2026-06-30", "--compare-from", "2025-01",
                        "--compare-to", "2025-06", "--site", "ppu", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "January 2026 to June 2026 against January 2025 to June 2025" in result.stdout
    slides = pptx_texts(out.read_bytes())
    assert "Central Public Protection Unit" in slides[0]
    assert not [t for t in texts.never_quoted if t in "\n".join(slides)]
    with get_sessionmaker(url)() as session:
        entry = audit.entries(session, action="findings_pack_exported")[0]
    assert entry.account == "(command line)" and entry.details["format"] == "pptx"
    assert entry.details["filters"]["sites"] == ["ppu"] and entry.details["filters"]["compare_from"] == "2025-01"


def test_command_line_refuses_an_unknown_format_and_an_overlapping_comparison(planted, tmp_path):
    url, _ = planted
    bad = run_report(url, "--from", "2026-01", "--to", "2026-06", "--out", str(tmp_path / "pack.odt"))
    assert bad.returncode == 2 and ".pptx" in bad.stderr and not (tmp_path / "pack.odt").exists()
    overlap = run_report(url, "--from", "2026-01", "--to", "2026-06", "--compare-from", "2025-12",
                         "--compare-to", "2026-02", "--out", str(tmp_path / "pack.pdf"))
    assert overlap.returncode == 2 and "must end before the period starts" in overlap.stderr


def test_a_comparison_period_is_the_summarys_previous_period(planted):
    url, _ = planted
    with get_sessionmaker(url)() as session:
        compared = summarise(session, SummaryRequest(*PERIOD, compare=("2025-10", "2025-12")), MIN_CELL)
        alone = summarise(session, SummaryRequest("2025-10", "2025-12"), MIN_CELL)
    assert (compared.previous.first_month, compared.previous.last_month) == ("2025-10", "2025-12")
    assert compared.previous.responses == alone.total.responses
    with pytest.raises(InvalidRequest):
        SummaryRequest(*PERIOD, compare=("2026-03", "2026-08")).normalised()


# --- both databases -------------------------------------------------------------------------------------


def test_quotes_are_chosen_the_same_way_on_sqlite_and_postgresql(db_url):
    texts = plant_findings(get_sessionmaker(db_url))
    with get_sessionmaker(db_url)() as session:
        pack = build_pack(session, SummaryRequest(*PERIOD), MIN_CELL, today=TODAY, emerging_topics=False)
    quotes = [quote.text for finding in pack.themes for quote in finding.candidates]
    assert len([q for q in quotes if q in texts.consenting]) >= 20
    assert not set(quotes) & texts.never_quoted
    with get_sessionmaker(db_url)() as session:
        summary = summarise(session, SummaryRequest(*PERIOD), MIN_CELL)
    assert all((not f.candidates) == months_too_small(summary, f.theme) for f in pack.themes)
    assert [action.status for action in pack.actions] == ["planned", "completed"]
    assert json.dumps(pack.filters)  # what the audit log stores is plain JSON


def test_a_long_action_log_continues_on_a_second_slide_without_stretched_rows(pack):
    from dataclasses import replace

    longer = replace(pack, actions=pack.actions * 4)  # eight actions
    presentation = Presentation(io.BytesIO(render(longer, "pptx")))
    slides = [slide for slide in presentation.slides if slide.shapes.title.text.startswith("You said, we did")]
    assert [slide.shapes.title.text for slide in slides] == ["You said, we did (1 of 2)", "You said, we did (2 of 2)"]
    tables = [next(shape for shape in slide.shapes if shape.has_table) for slide in slides]
    assert [len(table.table.rows) for table in tables] == [7, 3]  # a header and six actions, then the other two
    assert tables[1].height < tables[0].height
    assert len(presentation.slides) == expected_slide_count(longer) == expected_slide_count(pack) + 1
