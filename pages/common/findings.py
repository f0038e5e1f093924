"""Widgets for the findings page: the pack's filters, its cached assembly, and the lead's choice of quotes.

The pack itself is analysis.report; this module keeps what a lead chose (the
quotes she swapped or removed) for one browser session, for one set of filters.
"""

from __future__ import annotations

import streamlit as st

from analysis.actions import actions_version
from analysis.report import FindingsPack, QuoteChoices, add_quote, build_pack, remove_quote, span_name, swap_quote
from analysis.report_files import quote_note
from analysis.trends import SERVICES, SummaryRequest, add_months, data_version, months_between
from db.accounts import StaffUser
from pages.common.filters import SERVICE_LABELS, months_and_sites
from pages.common.resources import session_factory, settings

COMPARE_CHOICES = ("The months just before", "The same months a year earlier", "Other months")
CHOICES_KEY = "findings_quotes"


def pack_filters(user: StaffUser) -> SummaryRequest | None:
    """Period, comparison period, trend grouping, sites and service, in the sidebar."""
    months, sites = months_and_sites(user)
    with st.sidebar:
        st.header("The pack covers")
        if months is None:
            st.info("No responses yet.")
            return None
        every = months_between(*months)
        default = (max(every[0], add_months(every[-1], -11)), every[-1])
        start, end = st.select_slider("Period", every, value=default, key="pack_period")
        length = len(months_between(start, end))
        compare_kind = st.radio("Compare with", COMPARE_CHOICES, key="pack_compare")
        if compare_kind == COMPARE_CHOICES[0]:
            compare = (add_months(start, -length), add_months(start, -1))
        elif compare_kind == COMPARE_CHOICES[1]:
            compare = (add_months(start, -12), add_months(end, -12))
        else:
            before = months_between(add_months(start, -120), add_months(start, -1))
            compare = st.select_slider("Comparison months", before,
                                       value=(add_months(start, -length), before[-1]), key="pack_compare_months")
        if compare[1] >= start:
            st.warning("A year earlier overlaps the period; comparing with the months just before.")
            compare = (add_months(start, -length), add_months(start, -1))
        st.caption(f"Compared with {span_name(*compare)}.")
        by = st.radio("Trends by", ("month", "quarter"), horizontal=True, format_func=str.capitalize, key="pack_by")
        chosen = st.multiselect("Sites", list(sites), format_func=sites.get, key="pack_sites",
                                placeholder="All sites (the partnership)")
        service = st.selectbox("Service", (None, *SERVICES), key="pack_service",
                               format_func=lambda s: "All services" if s is None else SERVICE_LABELS[s])
    return SummaryRequest(start, end, by, tuple(chosen) if chosen else None, service, None, compare)


@st.cache_data(ttl=600, max_entries=32, show_spinner="Putting the pack together…")
def _pack(request: SummaryRequest, min_cell: int, version: tuple) -> FindingsPack:
    with session_factory()() as session:
        return build_pack(session, request, min_cell)


def load_pack(user: StaffUser, request: SummaryRequest) -> FindingsPack:
    """The pack for `request`, rebuilt when responses or actions change."""
    if not user.sees_partnership:
        raise PermissionError("findings packs are for leads and admins")
    with session_factory()() as session:
        version = (*data_version(session), *actions_version(session))
    return _pack(request.normalised(), settings().min_cell, version)


def chosen_quotes(pack: FindingsPack) -> tuple[FindingsPack, bool]:
    """The pack with the quotes the lead chose for these filters (automatic until she changes one)."""
    kept = st.session_state.get(CHOICES_KEY)
    if kept is None or kept["request"] != pack.request:
        return pack, True
    try:
        return pack.with_quotes(kept["choices"]), False
    except ValueError:  # the data changed under her choices: start again from the automatic choice
        st.session_state.pop(CHOICES_KEY, None)
        return pack, True


def _change(pack: FindingsPack, choices: QuoteChoices) -> None:
    st.session_state[CHOICES_KEY] = {"request": pack.request, "choices": choices}


def quote_controls(pack: FindingsPack) -> None:
    """Each featured theme with its quotes, and Swap / Remove / Add buttons."""
    kept = st.session_state.get(CHOICES_KEY)
    choices = kept["choices"] if kept and kept["request"] == pack.request else pack.quote_choices
    for finding in pack.themes:
        with st.container(border=True):
            st.markdown(f"**{finding.label}** · {'going well' if finding.kind == 'positive' else 'needs to change'}")
            st.caption(f"{finding.people} people mention it ({finding.share} of people who commented). "
                       f"{finding.feeling}. Over time: {finding.reading}.")
            for quote in finding.quotes:
                text, swap, remove = st.columns([10, 1, 1])
                text.markdown(f"> {quote.text}")
                text.caption(f"{quote.question} · {quote.sentiment}")
                if swap.button("Swap", key=f"swap-{finding.theme}-{quote.key}",
                               disabled=not finding.alternatives, help="Show another eligible quote instead"):
                    _change(pack, swap_quote(pack, choices, finding.theme, quote.key))
                    st.rerun()
                if remove.button("Remove", key=f"remove-{finding.theme}-{quote.key}"):
                    _change(pack, remove_quote(choices, finding.theme, quote.key))
                    st.rerun()
            if not finding.quotes and not finding.alternatives:
                st.caption(quote_note(finding, pack.min_cell))
            if finding.alternatives and len(finding.quotes) < 5:
                if st.button("Add a quote", key=f"add-{finding.theme}"):
                    _change(pack, add_quote(pack, choices, finding.theme))
                    st.rerun()
