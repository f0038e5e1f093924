"""Staff: each site's private survey link and a printable QR code, for a survivor's own phone."""

import streamlit as st

from db.queries import list_sites
from pages.common.guard import staff_page
from pages.common.resources import session_factory, settings
from survey.links import app_base_url, private_link, qr_png, qr_svg

staff_page("Private survey links", pin_allowed=True)

with session_factory()() as session:
    sites = {site.id: site.name for site in list_sites(session)}

st.title("Private survey links", anchor=False)
st.markdown(
    "A survivor can answer later on her own phone, in private. Give her the link or the QR code. "
    "The link names the site only, never the person; the survey has the same **Exit this page** "
    "button and clears itself when left alone."
)
st.caption(
    "Think about safety before handing anything over: a card or a message could be found. "
    "The survey's title and the link do not mention abuse."
)
if not sites:
    st.warning("There are no sites yet. Add one with `python -m db add-site`.")
    st.stop()
site_id = st.selectbox("Site", list(sites), format_func=sites.get)
base = settings().public_url or app_base_url(st.context.url or "http://localhost:8501/links", "links")
link = private_link(base, site_id)

st.subheader(f"Link for {sites[site_id]}", anchor=False)
st.code(link, language=None)
if not settings().public_url and ("localhost" in base or "127.0.0.1" in base):
    st.warning("This address only works on this computer. Set FEEDBACK_PUBLIC_URL to the address phones use.")
png = qr_png(link)
st.image(png, caption=f"QR code: {link}", width=280)
left, right = st.columns(2)
left.download_button("Download QR code (PNG)", png, file_name=f"survey-{site_id}.png", mime="image/png")
right.download_button("Download QR code (SVG, for print)", qr_svg(link), file_name=f"survey-{site_id}.svg",
                      mime="image/svg+xml")
