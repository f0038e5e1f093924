"""Staff: the comments explorer. Redacted comments by theme, feeling and words; month only, never arrival order."""

import streamlit as st

from analysis.comments import QUESTIONS, SENTIMENTS, CommentFilters
from analysis.trends import theme_labels
from pages.common.data import load_comments
from pages.common.filters import describe, summary_filters
from pages.common.guard import staff_page
from pages.common.resources import settings

user = staff_page("Comments")
request = summary_filters(user)

st.title("Comments", anchor=False)
if request is None:
    st.info("There is nothing to show yet.")
    st.stop()
labels = theme_labels()
columns = st.columns([2, 1, 1, 2])
theme = columns[0].selectbox("Theme", (None, *labels), format_func=lambda t: "Any theme" if t is None else labels[t])
sentiment = columns[1].selectbox("Feeling", (None, *SENTIMENTS),
                                 format_func=lambda s: "Any" if s is None else s.capitalize())
question = columns[2].selectbox("Question", (None, *QUESTIONS),
                                format_func=lambda q: "Both" if q is None else QUESTIONS[q])
words = columns[3].text_input("Words", placeholder="e.g. interpreter")
filters = CommentFilters(theme, sentiment, words.strip(), question)
page = st.session_state.get("comments_page", 1)

view = load_comments(user, request, filters, page)
st.caption(f"{describe(request)}. Comments were redacted before they were stored: names, numbers and "
           "addresses show as [NAME], [PHONE], [ADDRESS].")
if view.message:
    st.info(view.message)
    st.stop()
# Not the exact count: that could be set beside a figure held back elsewhere.
step = settings().min_cell
st.markdown(f"**At least {view.matching.n // step * step} people's comments match.**")
for comment in view.comments:
    with st.container(border=True):
        st.caption(f"{comment.month} · {comment.question} · {(comment.sentiment or 'not coded').capitalize()}"
                   + (f" · {', '.join(comment.themes)}" if comment.themes else ""))
        st.text(comment.text)
if view.pages > 1:
    chosen = st.number_input(f"Page (of {view.pages})", 1, view.pages, view.page)
    if chosen != page:
        st.session_state["comments_page"] = int(chosen)
        st.rerun()
