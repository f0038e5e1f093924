"""Private survey links: one per site (never per person), and printable QR codes for them.

The link names the site only, so everyone at a site shares it and nothing in it
can tell two survivors apart.
"""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit, urlunsplit

import segno

SURVEY_PATH = "survey"


def app_base_url(page_url: str, page_path: str) -> str:
    """The app's own address, from the address of one of its pages (no query, no page path)."""
    scheme, netloc, path, _, _ = urlsplit(page_url)
    path = path.rstrip("/")
    if page_path and path.endswith("/" + page_path):
        path = path[: -len(page_path) - 1]
    return urlunsplit((scheme, netloc, path, "", "")).rstrip("/")


def private_link(base_url: str, site_id: str) -> str:
    """The survey for `site_id` at `base_url`, e.g. https://feedback.example.org/survey?site=refuge."""
    return f"{base_url.rstrip('/')}/{SURVEY_PATH}?site={quote(site_id, safe='')}"


def _qr(url: str) -> segno.QRCode:
    # Medium error correction survives a crease or a smudge on a printed card.
    return segno.make(url, error="m", micro=False)


def qr_png(url: str, scale: int = 12) -> bytes:
    """A PNG of the QR code, `scale` pixels per module with the standard 4-module quiet zone."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str, scale: int = 12) -> bytes:
    """The same code as SVG, sharp at any print size."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=4, title="Survey link", xmldecl=True)
    return buffer.getvalue()
