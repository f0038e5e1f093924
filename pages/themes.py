"""Staff: what survivors write about. Themes over time, feeling per theme, rising and falling, new themes."""

import streamlit as st

from analysis import charts
from pages.common.data import load_chart, load_suggested_themes, load_summary
from pages.common.figures import chart_with_table
from pages.common.filters import describe, summary_filters
from pages.common.guard import staff_page

user = staff_page("Themes")
request = summary_filters(user)

st.title("Themes", anchor=False)
if request is None:
    st.info("There is nothing to show yet.")
    st.stop()
summary = load_summary(user, request)
st.caption(
    f"{describe(summary.request)}. Counts are of people whose comments mention a theme; "
    f"groups of fewer than {summary.min_cell} are not shown."
)

st.header("How often each theme comes up", anchor=False)
chart_with_table(load_chart(user, request, "themes"), charts.themes_table(summary), "themes",
                 "Heat map of the share of comments mentioning each theme, per period.")

st.header("How people feel about each theme", anchor=False)
chart_with_table(load_chart(user, request, "theme-sentiment"), charts.sentiment_table(summary), "theme-sentiment",
                 "Stacked bars: for each theme, the share of people positive, mixed, neutral or negative about it.")

theme = st.selectbox("Theme, over time", list(summary.theme_labels), format_func=summary.theme_labels.get)
chart_with_table(load_chart(user, request, f"theme-feeling:{theme}"), charts.theme_feeling_table(summary, theme),
                 f"theme-feeling-{theme}", "Stacked bars per period: how people mentioning this theme feel about it.")

st.header("Rising and falling themes", anchor=False)
st.caption(f"Against {summary.previous.period}. A theme is rising or falling when the whole 95% interval "
           "of the change is above or below zero.")
chart_with_table(load_chart(user, request, "theme-changes"), charts.theme_change_table(summary), "theme-changes",
                 "Dots with 95% intervals: the change in how often each theme is mentioned.")

st.header("Possible new themes", anchor=False)
st.caption("Comments that no theme in the codebook covers, grouped by the words they share. "
           "For staff to review: a group may deserve a theme of its own.")
suggestions = load_suggested_themes(user, request)
if not suggestions:
    st.write(f"Nothing to suggest: too few uncovered comments (or no group of {summary.min_cell} or more).")
for suggestion in suggestions:
    with st.container(border=True):
        st.markdown(f"**{', '.join(suggestion.terms[:6])}** · {suggestion.people.n} people")
        for example in suggestion.examples:
            st.text(example)
