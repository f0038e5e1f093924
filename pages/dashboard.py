"""Staff: the dashboard. Responses, satisfaction and every rating over time, after disclosure control."""

import pandas as pd
import streamlit as st

from analysis import charts
from analysis.trends import EQUALITY_LABELS, measure_groups
from pages.common.data import load_chart, load_summary
from pages.common.figures import chart_with_table, figures_table, headline
from pages.common.filters import describe, summary_filters
from pages.common.guard import staff_page

user = staff_page("Dashboard")
request = summary_filters(user)

st.title("Dashboard", anchor=False)
if request is None:
    st.info("There is nothing to show yet.")
    st.stop()
summary = load_summary(user, request)
min_cell = summary.min_cell
st.caption(
    f"{describe(summary.request)}. Groups of 1 to {min_cell - 1} people show as “fewer than {min_cell}”; "
    "“hidden” figures are held back so that a smaller group cannot be worked out from the totals."
)

headline(summary)
if len(summary.groups) < 2:
    st.info("Choose a longer period, or group by month, to see trends.")

groups = measure_groups()
st.header("Responses", anchor=False)
chart_with_table(load_chart(user, request, "responses"), charts.responses_table(summary), "responses",
                 "Bar chart of responses per period; the table below gives the same figures.")

st.header("Satisfaction", anchor=False)
chart_with_table(
    load_chart(user, request, "satisfaction"),
    charts.share_table(summary, ["police_overall", "refuge_overall"]), "satisfaction",
    "Line chart of the share satisfied with the police and with refuge or outreach, per period.",
)

for service, title in (("police", "Police"), ("refuge", "Refuge and outreach")):
    st.header(f"{title}: each question", anchor=False)
    chart_with_table(
        load_chart(user, request, f"{service}-ratings"),
        charts.share_table(summary, groups[service]), f"{service}-ratings",
        f"Line chart of the share agreeing with each {title.lower()} question, per period.",
    )
    st.subheader("This period against the one before", anchor=False)
    figures_table(charts.change_table(summary, groups[service]))

st.header("Equality", anchor=False)
if summary.equality is None:
    st.caption("Equality answers are shown for the whole partnership only, never for a single site or organisation.")
else:
    st.caption("The whole partnership, for the period above.")
    for field, rows in summary.equality.items():
        st.subheader(EQUALITY_LABELS[field], anchor=False)
        figures_table(pd.DataFrame({
            "Answer": [row.label for row in rows],
            "Responses": [summary.label(row.cell) for row in rows],
            "Satisfied with the police": [
                summary.label(row.police.cell) if row.police.share is None
                else f"{row.police.share:.0%} of {row.police.cell.n}" for row in rows],
            "Satisfied with refuge or outreach": [
                summary.label(row.refuge.cell) if row.refuge.share is None
                else f"{row.refuge.share:.0%} of {row.refuge.cell.n}" for row in rows],
        }))
