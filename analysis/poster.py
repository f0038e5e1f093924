"""A printable A4 "You said, we did" poster for a site's noticeboard (PDF, through WeasyPrint).

It shows the latest completed actions survivors may see for the site (its own
and the partnership's), in the words staff wrote (redacted when stored), with
how to give feedback and where to get help. Plain English, large type, nothing
fetched while it is made.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

from sqlalchemy.orm import Session

from analysis.actions import POSTER_LIMIT, ActionView, latest_completed
from analysis.report import month_name
from analysis.report_files import FONTS, html_to_pdf
from db.queries import get_site

# Fixed words on the poster, kept at a reading age of about 9 (a test checks them).
TITLE = "You said, we did"
INTRO = "You told us what was hard. Here is what we changed."
NOTHING_YET = "Your views help us make things better. When we change something, we will show it here."
YOU_SAID = "You said"
WE_DID = "We did"
TELL_US = "Tell us what you think. We do not ask your name."
ASK_STAFF = "Ask a member of staff for the feedback tablet."
SCAN = "Or scan this code with your phone."
HELP_TITLE = "If you need help"
HELP_LINES = (
    "In an emergency, call 999.",
    "If you call 999 on a mobile and cannot speak, press 55 when you are asked.",
    "National Domestic Abuse Helpline: 0808 2000 247. It is free, day and night.",
)


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class Poster:
    site_id: str
    site_name: str
    actions: tuple[ActionView, ...]
    survey_link: str | None


def poster_for(session: Session, site_id: str, *, public_url: str = "") -> Poster:
    site = get_site(session, site_id)
    if site is None:
        raise UnknownSite(f"no site {site_id!r}")
    link = None
    if public_url:
        from survey.links import private_link

        link = private_link(public_url, site_id)
    return Poster(site.id, site.name, tuple(latest_completed(session, site_id, POSTER_LIMIT)), link)


_CSS = """
@page { size: A4 portrait; margin: 14mm 14mm 86mm;
  @bottom-center { content: element(footer); vertical-align: bottom; width: 100%%; padding-bottom: 12mm; } }
html { font-family: %(fonts)s; color: #0b0c0c; }
body { margin: 0; }
h1 { font-size: 44pt; margin: 0; color: #ffffff; }
.band { background: #0b3d6b; padding: 10mm 10mm 8mm; }
.band p { color: #ffffff; font-size: 19pt; margin: 3mm 0 0; }
.site { font-size: 15pt !important; }
.action { border-left: 7px solid #0072B2; padding: 2mm 0 2mm 6mm; margin: 7mm 0; break-inside: avoid; }
.action p { margin: 0 0 2mm; font-size: %(size)s; line-height: 1.3; }
.action .label { font-weight: bold; font-size: 13pt; text-transform: uppercase; letter-spacing: .05em;
  color: #0b3d6b; margin: 0; }
.action .when { font-size: 11pt; color: #505a5f; }
.nothing { font-size: 20pt; margin: 12mm 0; }
/* On every page, in the bottom margin: how to give feedback and where to get help. */
.footer { position: running(footer); display: flex; gap: 8mm; align-items: flex-end; padding-top: 6mm; }
.tell { flex: 1; font-size: 15pt; }
.tell p { margin: 0 0 2mm; }
.qr img { width: 40mm; height: 40mm; display: block; }
.help { border: 3px solid #0b0c0c; padding: 4mm 5mm; margin-top: 4mm; font-size: 12.5pt; }
.help h2 { font-size: 14pt; margin: 0 0 2mm; }
.help p { margin: 0 0 1mm; }
/* On a screen (a preview), no page margins: the footer follows the actions. */
@media screen { body { display: flex; flex-direction: column; max-width: 210mm; margin: 0 auto; }
  .footer { order: 1; margin-top: 8mm; } }
"""


def _when(action: ActionView) -> str:
    done = action.completed_on
    month = "" if done is None else f"Done in {month_name(f'{done.year}-{done.month:02d}')}"
    return f"{month} · {action.owner}" if month else action.owner


def _text_size(poster: Poster) -> str:
    """Large type, smaller only as far as the words need to stay on one page."""
    words = sum(len(a.you_said) + len(a.we_did) for a in poster.actions)
    return "17pt" if words <= 360 else "14pt" if words <= 640 else "12pt"


def poster_html(poster: Poster) -> str:
    actions = "".join(
        f"<div class=\"action\"><p class=\"label\">{YOU_SAID}</p><p>{escape(a.you_said)}</p>"
        f"<p class=\"label\">{WE_DID}</p><p>{escape(a.we_did)}</p><p class=\"when\">{escape(_when(a))}</p></div>"
        for a in poster.actions
    ) or f"<p class=\"nothing\">{NOTHING_YET}</p>"
    qr = ""
    if poster.survey_link:
        from survey.links import qr_png

        data = base64.b64encode(qr_png(poster.survey_link, scale=8)).decode("ascii")
        qr = (f"<div class=\"qr\"><img src=\"data:image/png;base64,{data}\" "
              f"alt=\"QR code for the feedback survey: {escape(poster.survey_link)}\"></div>")
    ways = f"<p>{ASK_STAFF}</p>" + (f"<p>{SCAN}</p>" if qr else "")
    help_lines = "".join(f"<p>{escape(line)}</p>" for line in HELP_LINES)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{TITLE}: {escape(poster.site_name)}</title>
<style>{_CSS % {"fonts": FONTS, "size": _text_size(poster)}}</style></head>
<body>
<div class="footer"><div class="tell"><p><strong>{TELL_US}</strong></p>{ways}
<div class="help"><h2>{HELP_TITLE}</h2>{help_lines}</div></div>{qr}</div>
<div class="band"><h1>{TITLE}</h1><p>{INTRO}</p><p class="site">{escape(poster.site_name)}</p></div>
{actions}
</body></html>
"""


def poster_pdf(poster: Poster) -> bytes:
    return html_to_pdf(poster_html(poster))


def export_poster(factory, account: str, site_id: str, *, public_url: str = "") -> bytes:
    """The site's poster as a PDF, with the export recorded in the audit log."""
    from db import audit
    from db.engine import write_session

    with factory() as session:
        poster = poster_for(session, site_id, public_url=public_url)
    data = poster_pdf(poster)
    with write_session(factory) as session:
        audit.record(session, account, "poster_exported", {
            "format": "pdf", "filters": {"site": site_id}, "actions": len(poster.actions),
        })
    return data
