"""The form for recording or updating a "You said, we did" action, limited to what the account may change."""

from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.actions import STATUS_LABELS, ActionInput
from analysis.trends import theme_labels
from db.accounts import StaffUser

EVERY_SITE = ""


def action_form(key: str, user: StaffUser, sites: dict[str, str], organisations: dict[str, str],
                initial: ActionInput | None, submit: str) -> ActionInput | None:
    """The action as entered, once the form is sent; None before."""
    labels = theme_labels()
    if user.sees_partnership:
        site_options = [EVERY_SITE, *sites]
        owner_options = list(organisations)
    else:  # staff: their own organisation's actions at their own sites
        site_options = list(sites)
        owner_options = [user.organisation_id]
    initial = initial or ActionInput(next(iter(labels)), "", "", owner_options[0],
                                     None if EVERY_SITE in site_options else site_options[0])

    def index(options: list, value) -> int:
        return options.index(value) if value in options else 0

    with st.form(key):
        theme = st.selectbox("Theme survivors raised", list(labels), index=index(list(labels), initial.theme),
                             format_func=labels.get)
        you_said = st.text_area("You said: what survivors told us, in plain words", initial.you_said, max_chars=500,
                                placeholder="You waited too long for a call back.")
        we_did = st.text_area("We did: what was done, in plain words", initial.we_did, max_chars=500,
                              placeholder="We now call you back within two working days.")
        columns = st.columns(3)
        owner = columns[0].selectbox("Who does it", owner_options, index=index(owner_options, initial.owner_organisation_id),
                                     format_func=organisations.get)
        site = columns[1].selectbox("Where", site_options, index=index(site_options, initial.site_id or EVERY_SITE),
                                    format_func=lambda s: "Every site" if s == EVERY_SITE else sites[s])
        statuses = list(STATUS_LABELS)
        status = columns[2].selectbox("Status", statuses, index=index(statuses, initial.status),
                                      format_func=STATUS_LABELS.get)
        dates = st.columns(3)
        agreed = dates[0].date_input("Agreed on", initial.agreed_on or date.today(), format="DD/MM/YYYY")
        due = dates[1].date_input("Due by (optional)", initial.due_on, format="DD/MM/YYYY")
        done = dates[2].date_input("Done on (when done; empty: today)", initial.completed_on, format="DD/MM/YYYY")
        show = st.checkbox("Show survivors once done (the survey's thank-you screen and the poster)",
                           initial.show_to_survivors)
        if not st.form_submit_button(submit, type="primary"):
            return None
    return ActionInput(theme, you_said, we_did, owner, None if site == EVERY_SITE else site, status,
                       agreed, due, done if status == "completed" else None, show)
