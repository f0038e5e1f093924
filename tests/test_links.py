"""Private survey links and their QR codes (pure), and which site a survey records."""

import io

import pytest
import segno
from PIL import Image

from survey.kiosk import survey_site
from survey.links import app_base_url, private_link, qr_png, qr_svg


@pytest.mark.parametrize(
    "page_url, page_path, base",
    [
        ("http://localhost:8501/links", "links", "http://localhost:8501"),
        ("https://feedback.example.org/partnership/links", "links", "https://feedback.example.org/partnership"),
        ("https://feedback.example.org/links/", "links", "https://feedback.example.org"),
        ("https://feedback.example.org/", "links", "https://feedback.example.org"),
    ],
)
def test_the_apps_address_from_a_pages_address(page_url, page_path, base):
    assert app_base_url(page_url, page_path) == base


def test_a_private_link_names_the_site_and_nothing_else():
    assert private_link("https://feedback.example.org/", "refuge") == "https://feedback.example.org/survey?site=refuge"
    assert private_link("https://x.org", "a b&c") == "https://x.org/survey?site=a%20b%26c"


def modules_of(png: bytes, scale: int = 12, border: int = 4) -> list[list[bool]]:
    """Read a QR PNG back into dark/light modules by sampling each module's centre."""
    image = Image.open(io.BytesIO(png)).convert("L")
    count = image.width // scale - 2 * border
    return [[image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)) < 128
             for x in range(count)] for y in range(count)]


def test_the_qr_png_encodes_exactly_the_link():
    link = "https://feedback.example.org/survey?site=outreach"
    png = qr_png(link)
    assert png.startswith(b"\x89PNG")
    expected = [[bool(cell) for cell in row] for row in segno.make(link, error="m", micro=False).matrix]
    assert modules_of(png) == expected
    other = [[bool(cell) for cell in row] for row in segno.make(link.replace("outreach", "refuge"), error="m").matrix]
    assert modules_of(png) != other


def test_the_qr_svg_is_printable_vector_art():
    svg = qr_svg("https://feedback.example.org/survey?site=refuge").decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<title>Survey link</title>" in svg


@pytest.mark.parametrize(
    "kiosk, link, expected",
    [("ppu", "refuge", "ppu"), (None, "refuge", "refuge"), (None, None, "outreach"), (None, "", "outreach")],
)
def test_kiosk_mode_wins_over_the_link_which_wins_over_the_default(kiosk, link, expected):
    assert survey_site(kiosk, link, "outreach") == expected
