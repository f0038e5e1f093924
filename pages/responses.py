"""Staff: responses per month and site, with small counts suppressed."""

import pandas as pd
import streamlit as st

from analysis.trends import responses_by_month_and_site
from pages.common.guard import staff_page
from pages.common.resources import session_factory, settings

staff_page("Responses")

min_cell = settings().min_cell
with session_factory()() as session:
    counts = responses_by_month_and_site(session, min_cell)

st.title("Responses by month and site")
st.caption(f"Counts from 1 to {min_cell - 1} are shown as “fewer than {min_cell}” so nobody can be identified.")
if not counts:
    st.info("No responses yet.")
else:
    table = pd.DataFrame(
        [{"Month": c.month, "Site": c.site_name, "Responses": c.cell.label(min_cell)} for c in counts]
    ).pivot(index="Month", columns="Site", values="Responses").fillna("0")
    st.dataframe(table.sort_index(ascending=False))
