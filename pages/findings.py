"""Leads and admins: the findings pack for a workshop or partnership meeting, and its export.

The pack is analysis.report (the dashboard's numbers and suppression); this page
shows it, keeps the lead's choice of quotes and writes the files (audited).
"""

import streamlit as st

from analysis.report_files import FORMATS, MEDIA_TYPES, export_pack
from pages.common.findings import chosen_quotes, load_pack, pack_filters, quote_controls
from pages.common.guard import staff_page
from pages.common.resources import session_factory

FORMAT_NAMES = {"pptx": "PowerPoint", "pdf": "PDF", "docx": "Word", "html": "Web page (HTML)"}
FILE_KEY = "findings_file"

user = staff_page("Findings pack", roles=("lead", "admin"))
request = pack_filters(user)

st.title("Findings pack", anchor=False)
if request is None:
    st.info("There is nothing to show yet.")
    st.stop()
pack, automatic = chosen_quotes(load_pack(user, request))
st.caption(f"{pack.period}, compared with {pack.comparison} · {pack.scope}. {pack.notes[0]}")

st.header("Make the files", anchor=False)
columns = st.columns([2, 1, 3])
fmt = columns[0].selectbox("Format", FORMATS, format_func=FORMAT_NAMES.get, key="pack_format")
if columns[1].button("Make the file", type="primary"):
    with st.spinner(f"Making the {FORMAT_NAMES[fmt]} file…"):
        data = export_pack(session_factory(), user.username, pack, fmt, automatic_quotes=automatic)
    st.session_state[FILE_KEY] = (fmt, pack.request, data)
made = st.session_state.get(FILE_KEY)
if made and made[1] == pack.request:
    name = f"findings-{pack.request.start}-to-{pack.request.end}.{made[0]}"
    columns[2].download_button(f"Download {FORMAT_NAMES[made[0]]}", data=made[2], file_name=name,
                               mime=MEDIA_TYPES[made[0]], on_click="ignore")
st.caption("Every file made here is recorded in the audit log with these filters.")

st.header("At a glance", anchor=False)
for column, headline in zip(st.columns(len(pack.headlines)), pack.headlines):
    column.metric(headline.label, headline.value, help=f"{headline.detail}. {headline.change}")
    column.caption(f"{headline.detail}. {headline.change}")
st.subheader(f"Every question against {pack.comparison}", anchor=False)
st.table({column: [row[i] for row in pack.measure_changes.rows]
          for i, column in enumerate(pack.measure_changes.columns)})

with st.expander("Trend charts in the pack"):
    for chart in pack.charts:
        st.vega_lite_chart(chart.spec, theme=None, width="content", alt=chart.alt_text)

st.header("Strongest themes, in survivors' words", anchor=False)
st.caption("Quotes only from people who agreed to be quoted, never from a group shown as “fewer than "
           f"{pack.min_cell}” or “hidden”. Swap or remove any before you make the files."
           + ("" if automatic else " (You have changed the automatic choice.)"))
quote_controls(pack)

st.header("Possible new themes", anchor=False)
if pack.emerging:
    st.markdown("\n".join(f"- {', '.join(topic.terms)}" for topic in pack.emerging))
else:
    st.caption("Nothing to suggest: too few comments that no theme covers.")

st.header("You said, we did", anchor=False)
if pack.actions:
    st.table({"Theme": [a.theme_label for a in pack.actions], "You said": [a.you_said for a in pack.actions],
              "We did": [a.we_did for a in pack.actions], "Who": [a.owner for a in pack.actions],
              "Status": [a.status_label for a in pack.actions]})
else:
    st.caption("No actions recorded yet.")
st.caption("Record or update actions on the “You said, we did” page.")
