"""Drawing a Summary on a page: headline figures, and each chart with its table and a PNG download."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from analysis.charts import chart_png
from analysis.trends import MEASURES, Share, Summary


_TABLE_STYLE = (
    "<style>table.figures{border-collapse:collapse;margin:0.25rem 0 1rem;font-size:0.95rem}"
    "table.figures th,table.figures td{border:1px solid #b1b4b6;padding:0.3rem 0.6rem;text-align:left;"
    "vertical-align:top}table.figures thead th{background:#f3f2f1}</style>"
)


def figures_table(table: pd.DataFrame, caption: str | None = None) -> None:
    """A plain HTML table (first column as row headings): what a screen reader reads, and light to draw.

    Every cell is escaped text; nothing in a figure or a label can become markup.
    """
    head = "".join(f'<th scope="col">{html.escape(str(column))}</th>' for column in table.columns)
    body = "".join(
        f'<tr><th scope="row">{html.escape(str(row[0]))}</th>'
        + "".join(f"<td>{html.escape(str(value))}</td>" for value in row[1:]) + "</tr>"
        for row in table.itertuples(index=False)
    )
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    st.html(f'{_TABLE_STYLE}<table class="figures">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def chart_with_table(spec: dict, table: pd.DataFrame, name: str, alt_text: str) -> None:
    """The chart (a Vega-Lite spec), the same figures as a table beneath it (its text alternative), and a PNG."""
    st.vega_lite_chart(spec, theme=None, width="content", alt=alt_text)
    figures_table(table)
    st.download_button(
        "Download this chart (PNG)", data=lambda: chart_png(spec), file_name=f"{name}.png",
        mime="image/png", on_click="ignore", key=f"png_{name}",
    )


def _share_text(summary: Summary, share: Share) -> str:
    return summary.label(share.cell) if share.share is None else f"{share.share:.0%}"


def headline(summary: Summary) -> None:
    """Responses and the two satisfaction figures, each with n and the change against the period before."""
    total, previous = summary.total, summary.previous
    columns = st.columns(3)
    before = "" if previous.responses.suppressed else f"{previous.responses.n} in the period before"
    columns[0].metric(
        "Responses", summary.label(total.responses),
        delta=None if total.responses.suppressed or previous.responses.suppressed
        else total.responses.n - previous.responses.n,
        delta_color="off", help=f"{summary.label(total.commented)} with a comment. {before}",
    )
    for column, measure in zip(columns[1:], ("police_overall", "refuge_overall")):
        share, change = total.measures[measure], summary.changes.get(measure)
        detail = f"n = {summary.label(share.cell)} answered"
        if share.share is not None:
            detail += f"; 95% interval {share.low:.0%} to {share.high:.0%}"
        if change is not None:
            detail += (f". Change against the period before: {100 * change.difference:+.1f} points "
                       f"(95% interval {100 * change.low:+.1f} to {100 * change.high:+.1f}), {change.direction}")
        column.metric(
            MEASURES[measure], _share_text(summary, share),
            delta=None if change is None else f"{100 * change.difference:+.1f} points",
            help=detail,
        )
        column.caption(detail)
