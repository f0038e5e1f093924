"""Charts of a Summary (Altair), each with a table that says the same in words, and PNG export.

Used by the dashboard and by the findings pack. Colours come from the Okabe-Ito
palette, which stays distinguishable with the common kinds of colour blindness;
lines also differ by dash and point shape, so nothing depends on colour alone.
Suppressed figures are never drawn: tables show "fewer than 5" or "hidden".
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

from analysis.trends import MEASURES, Summary

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2])
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "stroke")
SENTIMENT_COLOURS = {"positive": "#0072B2", "mixed": "#E69F00", "neutral": "#999999", "negative": "#D55E00"}
SENTIMENT_LABELS = {"positive": "Positive", "mixed": "Mixed", "neutral": "Neutral", "negative": "Negative"}
SENTIMENTS_IN_ORDER = tuple(SENTIMENT_LABELS.items())
FONT = "DejaVu Sans, Arial, sans-serif"
WIDTH = 760


def _styled(chart: alt.TopLevelMixin, title: str) -> alt.TopLevelMixin:
    return (
        # "pad": the plot keeps its size and the chart grows around it for axes and legend
        # (Streamlit's default "fit" squeezes the plot to make room for a legend).
        chart.properties(title=title, width=WIDTH, autosize=alt.AutoSizeParams(type="pad", contains="padding"))
        .configure(font=FONT)
        .configure_title(fontSize=16, anchor="start")
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_legend(labelFontSize=12, titleFontSize=13, orient="bottom", columns=2, labelLimit=320)
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


# --- responses -------------------------------------------------------------------------


def responses_table(summary: Summary) -> pd.DataFrame:
    return pd.DataFrame(
        {"Period": [g.period for g in summary.groups],
         "Responses": [summary.label(g.responses) for g in summary.groups],
         "With a comment": [summary.label(g.commented) for g in summary.groups]}
    )


def responses_chart(summary: Summary) -> alt.TopLevelMixin:
    data = pd.DataFrame({
        "Period": [g.period for g in summary.groups],
        "Responses": [g.responses.n for g in summary.groups],
        "Shown as": [summary.label(g.responses) for g in summary.groups],
    })
    order = list(data["Period"])
    base = alt.Chart(data).encode(x=alt.X("Period:O", sort=order, title=None, axis=alt.Axis(labelAngle=-45)))
    bars = base.transform_filter("isValid(datum.Responses)").mark_bar(color=OKABE_ITO[0]).encode(
        y=alt.Y("Responses:Q", title="Responses"),
        tooltip=["Period", "Shown as"],
    )
    # Suppressed periods: a note at the baseline instead of a bar.
    notes = base.transform_filter("!isValid(datum.Responses)").mark_text(
        angle=270, align="left", dx=4, fontSize=11, color="#505a5f"
    ).encode(y=alt.value(195), text="Shown as:N")
    return _styled(alt.layer(bars, notes).properties(height=200), "Responses")


# --- shares agreeing or satisfied ----------------------------------------------------------


def share_frame(summary: Summary, measures: Sequence[str]) -> pd.DataFrame:
    rows = []
    for group in summary.groups:
        for measure in measures:
            share = group.measures[measure]
            rows.append({
                "Period": group.period, "Measure": MEASURES[measure], "Share": share.share,
                "Low": share.low, "High": share.high, "Answered": summary.label(share.cell),
            })
    return pd.DataFrame(rows, columns=["Period", "Measure", "Share", "Low", "High", "Answered"])


def share_table(summary: Summary, measures: Sequence[str]) -> pd.DataFrame:
    """Rows are periods; each cell says the share and how many answered, or why it is not shown."""
    table = {"Period": [g.period for g in summary.groups]}
    for measure in measures:
        cells = []
        for group in summary.groups:
            share = group.measures[measure]
            if share.share is None:
                cells.append(summary.label(share.cell))
            else:
                cells.append(f"{share.share:.0%} of {share.cell.n} ({share.low:.0%} to {share.high:.0%})")
        table[MEASURES[measure]] = cells
    return pd.DataFrame(table)


def share_chart(summary: Summary, measures: Sequence[str], title: str) -> alt.TopLevelMixin:
    data = share_frame(summary, measures)
    order = [g.period for g in summary.groups]
    labels = [MEASURES[m] for m in measures]
    colour = alt.Color("Measure:N", sort=labels, scale=alt.Scale(domain=labels, range=list(OKABE_ITO[:len(labels)])),
                       title=None)
    dash = alt.StrokeDash("Measure:N", sort=labels, scale=alt.Scale(domain=labels, range=list(DASHES[:len(labels)])),
                          title=None)
    shape = alt.Shape("Measure:N", sort=labels, scale=alt.Scale(domain=labels, range=list(SHAPES[:len(labels)])),
                      title=None)
    # Suppressed periods stay in the data as gaps: a line breaks there rather than bridging them.
    base = alt.Chart(data).encode(
        x=alt.X("Period:O", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("Share:Q", title="Agreed or satisfied", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
    )
    tooltip = ["Period", "Measure", alt.Tooltip("Share:Q", format=".0%"), alt.Tooltip("Low:Q", format=".0%"),
               alt.Tooltip("High:Q", format=".0%"), "Answered"]
    layers = [
        base.mark_line(strokeWidth=2).encode(color=colour, strokeDash=dash),
        base.transform_filter("isValid(datum.Share)").mark_point(filled=True, size=50).encode(
            color=colour, shape=shape, tooltip=tooltip),
    ]
    if len(measures) == 1:
        layers.insert(0, base.mark_area(opacity=0.18, color=OKABE_ITO[0]).encode(y="Low:Q", y2="High:Q"))
    return _styled(alt.layer(*layers).properties(height=260), title)


def change_table(summary: Summary, measures: Sequence[str]) -> pd.DataFrame:
    """The whole period against the one before, per measure, with the 95% interval of the change."""
    rows = []
    for measure in measures:
        now, before = summary.total.measures[measure], summary.previous.measures[measure]
        change = summary.changes.get(measure)
        rows.append({
            "Measure": MEASURES[measure],
            "This period": summary.label(now.cell) if now.share is None else f"{now.share:.0%} of {now.cell.n}",
            "Period before": summary.label(before.cell) if before.share is None else f"{before.share:.0%} of {before.cell.n}",
            "Change": "" if change is None else f"{100 * change.difference:+.1f} points",
            "95% interval": "" if change is None else f"{100 * change.low:+.1f} to {100 * change.high:+.1f}",
            "Reading": "not enough to compare" if change is None else change.direction,
        })
    return pd.DataFrame(rows)


# --- themes ----------------------------------------------------------------------------------


def themes_table(summary: Summary) -> pd.DataFrame:
    table = {"Theme": list(summary.theme_labels.values())}
    for group in summary.groups:
        table[group.period] = [
            summary.label(group.themes[t].cell) if group.themes[t].share is None
            else f"{group.themes[t].cell.n} ({group.themes[t].share:.0%})"
            for t in summary.theme_labels
        ]
    return pd.DataFrame(table)


def themes_chart(summary: Summary) -> alt.TopLevelMixin:
    rows = []
    for group in summary.groups:
        for theme, label in summary.theme_labels.items():
            figure = group.themes[theme]
            rows.append({"Period": group.period, "Theme": label, "Share": figure.share,
                         "People": summary.label(figure.cell)})
    data = pd.DataFrame(rows)
    order = [g.period for g in summary.groups]
    chart = alt.Chart(data).mark_rect(stroke="white").encode(
        x=alt.X("Period:O", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("Theme:N", sort=list(summary.theme_labels.values()), title=None),
        color=alt.Color("Share:Q", title="Share of comments", scale=alt.Scale(scheme="viridis", reverse=True),
                        legend=alt.Legend(format="%")),
        tooltip=["Period", "Theme", alt.Tooltip("Share:Q", format=".0%"), "People"],
    )
    return _styled(chart.properties(height=26 * len(summary.theme_labels)), "How often each theme comes up")


def sentiment_table(summary: Summary) -> pd.DataFrame:
    rows = []
    for theme, label in summary.theme_labels.items():
        figure = summary.total.themes[theme]
        row = {"Theme": label, "People mentioning it": summary.label(figure.cell)}
        for sentiment, name in SENTIMENT_LABELS.items():
            row[name] = "" if figure.sentiments is None else _percent(figure.sentiments[sentiment])
        rows.append(row)
    return pd.DataFrame(rows)


def sentiment_chart(summary: Summary) -> alt.TopLevelMixin:
    rows = []
    for theme, label in summary.theme_labels.items():
        figure = summary.total.themes[theme]
        if figure.sentiments is None:
            continue
        for sentiment, share in figure.sentiments.items():
            rows.append({"Theme": label, "Sentiment": SENTIMENT_LABELS[sentiment], "Share": share,
                         "Order": list(SENTIMENT_LABELS).index(sentiment), "People": figure.cell.n})
    data = pd.DataFrame(rows, columns=["Theme", "Sentiment", "Share", "Order", "People"])
    names = list(SENTIMENT_LABELS.values())
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("Theme:N", sort=list(summary.theme_labels.values()), title=None),
        x=alt.X("Share:Q", stack="normalize", title="Share of people mentioning the theme", axis=alt.Axis(format="%")),
        color=alt.Color("Sentiment:N", sort=names, title=None,
                        scale=alt.Scale(domain=names, range=[SENTIMENT_COLOURS[s] for s in SENTIMENT_LABELS])),
        order=alt.Order("Order:Q"),
        tooltip=["Theme", "Sentiment", alt.Tooltip("Share:Q", format=".0%"), "People"],
    )
    return _styled(chart.properties(height=26 * len(summary.theme_labels)), "How people feel about each theme")


def theme_feeling_table(summary: Summary, theme: str) -> pd.DataFrame:
    """For one theme, per period: how many people mention it and how they feel about it."""
    rows = []
    for group in summary.groups:
        figure = group.themes[theme]
        row = {"Period": group.period, "People mentioning it": summary.label(figure.cell)}
        for sentiment, name in SENTIMENTS_IN_ORDER:
            row[name] = "" if figure.sentiments is None else _percent(figure.sentiments[sentiment])
        rows.append(row)
    return pd.DataFrame(rows)


def theme_feeling_chart(summary: Summary, theme: str) -> alt.TopLevelMixin:
    rows = []
    for group in summary.groups:
        figure = group.themes[theme]
        for index, (sentiment, name) in enumerate(SENTIMENTS_IN_ORDER):
            share = None if figure.sentiments is None else figure.sentiments[sentiment]
            rows.append({"Period": group.period, "Sentiment": name, "Share": share, "Order": index,
                         "People": summary.label(figure.cell)})
    data = pd.DataFrame(rows, columns=["Period", "Sentiment", "Share", "Order", "People"])
    names = [name for _, name in SENTIMENTS_IN_ORDER]
    chart = alt.Chart(data).transform_filter("isValid(datum.Share)").mark_bar().encode(
        x=alt.X("Period:O", sort=[g.period for g in summary.groups], title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("Share:Q", stack="normalize", title="Share of people mentioning it", axis=alt.Axis(format="%")),
        color=alt.Color("Sentiment:N", sort=names, title=None,
                        scale=alt.Scale(domain=names, range=[SENTIMENT_COLOURS[s] for s, _ in SENTIMENTS_IN_ORDER])),
        order=alt.Order("Order:Q"),
        tooltip=["Period", "Sentiment", alt.Tooltip("Share:Q", format=".0%"), "People"],
    )
    return _styled(chart.properties(height=220), f"How people feel about “{summary.theme_labels[theme]}”, over time")


def theme_change_table(summary: Summary) -> pd.DataFrame:
    rows = []
    for theme, label in summary.theme_labels.items():
        change = summary.theme_changes.get(theme)
        now, before = summary.total.themes[theme], summary.previous.themes[theme]
        rows.append({
            "Theme": label,
            "This period": summary.label(now.cell) if now.share is None else f"{now.share:.0%} ({now.cell.n})",
            "Period before": summary.label(before.cell) if before.share is None else f"{before.share:.0%} ({before.cell.n})",
            "Change": "" if change is None else f"{100 * change.difference:+.1f} points",
            "95% interval": "" if change is None else f"{100 * change.low:+.1f} to {100 * change.high:+.1f}",
            "Reading": "not enough to compare" if change is None else
            {"up": "rising", "down": "falling"}.get(change.direction, change.direction),
        })
    rows.sort(key=lambda row: {"rising": 0, "falling": 1}.get(row["Reading"], 2))
    return pd.DataFrame(rows)


def theme_change_chart(summary: Summary) -> alt.TopLevelMixin:
    rows = [
        {"Theme": summary.theme_labels[theme], "Change": change.difference, "Low": change.low, "High": change.high,
         "Reading": {"up": "Rising", "down": "Falling"}.get(change.direction, "No clear change")}
        for theme, change in summary.theme_changes.items()
    ]
    data = pd.DataFrame(rows, columns=["Theme", "Change", "Low", "High", "Reading"])
    readings = ["Rising", "Falling", "No clear change"]
    colour = alt.Color("Reading:N", title=None, sort=readings,
                       scale=alt.Scale(domain=readings, range=[OKABE_ITO[5], OKABE_ITO[0], "#767676"]))
    order = list(data.sort_values("Change", ascending=False)["Theme"])
    base = alt.Chart(data).encode(y=alt.Y("Theme:N", sort=order, title=None))
    chart = alt.layer(
        alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#0b0c0c").encode(x="zero:Q"),
        base.mark_rule(strokeWidth=2).encode(
            x=alt.X("Low:Q", title="Change in share of comments (95% interval)", axis=alt.Axis(format="+%")),
            x2="High:Q", color=colour),
        base.mark_point(filled=True, size=70).encode(
            x="Change:Q", color=colour, shape=alt.Shape("Reading:N", sort=readings, title=None,
                                                        scale=alt.Scale(domain=readings, range=list(SHAPES[:3]))),
            tooltip=["Theme", alt.Tooltip("Change:Q", format="+.0%"), alt.Tooltip("Low:Q", format="+.0%"),
                     alt.Tooltip("High:Q", format="+.0%"), "Reading"]),
    )
    return _styled(chart.properties(height=26 * max(1, len(rows))), "Rising and falling themes, against the period before")


# --- by name, and export -----------------------------------------------------------------------


def named_chart(summary: Summary, name: str) -> alt.TopLevelMixin:
    """The charts the dashboards (and the findings pack) show, by name ("theme-feeling:<theme id>" for one theme)."""
    police = [m for m in MEASURES if m.startswith("police_")]
    refuge = [m for m in MEASURES if m.startswith("refuge_")]
    builders = {
        "responses": lambda: responses_chart(summary),
        "satisfaction": lambda: share_chart(summary, ["police_overall", "refuge_overall"], "Share satisfied"),
        "police-ratings": lambda: share_chart(summary, police, "Police: share who agreed"),
        "refuge-ratings": lambda: share_chart(summary, refuge, "Refuge and outreach: share who agreed"),
        "themes": lambda: themes_chart(summary),
        "theme-sentiment": lambda: sentiment_chart(summary),
        "theme-changes": lambda: theme_change_chart(summary),
    }
    if name.startswith("theme-feeling:"):
        return theme_feeling_chart(summary, name.split(":", 1)[1])
    return builders[name]()


def chart_png(chart: alt.TopLevelMixin | dict, scale: float = 2.0) -> bytes:
    """The chart (an Altair chart or its Vega-Lite spec) as a PNG, drawn without a browser (vl-convert)."""
    import json

    import vl_convert

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return vl_convert.vegalite_to_png(json.dumps(spec), scale=scale)
