"""Staff: "You said, we did". Record what was done about what survivors raised; print the noticeboard poster.

Leads and admins record actions for the whole partnership; staff for their own
organisation's sites. Every change, and every poster made, goes to the audit log.
"""

import streamlit as st

from analysis.actions import (
    InvalidAction, create_action, get_action, list_actions, may_change, organisation_names, update_action,
)
from analysis.poster import export_poster
from db.accounts import visible_sites
from db.engine import write_session
from pages.common.action_form import action_form
from pages.common.guard import staff_page
from pages.common.resources import session_factory, settings

POSTER_KEY = "actions_poster"

user = staff_page("You said, we did")
with session_factory()() as session:
    sites = {site.id: site.name for site in visible_sites(session, user)}
    organisations = organisation_names(session)
    actions = list_actions(session, user.site_ids)

st.title("You said, we did", anchor=False)
st.caption("What survivors raised, what was done about it, by whom and when. Done actions marked for survivors "
           "show on the survey's thank-you screen at their site and on the noticeboard poster. Names, numbers "
           "and addresses typed here are removed before anything is saved.")


def save(data, action_id=None) -> None:
    try:
        with write_session(session_factory()) as session:
            if action_id is None:
                create_action(session, data, by=user)
            else:
                update_action(session, action_id, data, by=user)
    except InvalidAction as invalid:
        st.error("Not saved. " + " ".join(f"{name.replace('_', ' ').capitalize()}: {message}."
                                           for name, message in invalid.errors.items()))
        return
    except PermissionError as refused:
        st.error(f"Not saved: {refused}.")
        return
    st.session_state["actions_saved"] = "Saved. The change is in the audit log."
    st.rerun()


if st.session_state.get("actions_saved"):
    st.success(st.session_state.pop("actions_saved"))

st.header("The action log", anchor=False)
if actions:
    st.table({"Theme": [a.theme_label for a in actions], "You said": [a.you_said for a in actions],
              "We did": [a.we_did for a in actions], "Who": [a.owner for a in actions],
              "Where": [a.site for a in actions], "Status": [a.status_label for a in actions],
              "Agreed": [a.agreed_on.isoformat() for a in actions],
              "Done": [a.completed_on.isoformat() if a.completed_on else "" for a in actions]})
else:
    st.info("No actions recorded yet.")

tab_new, tab_update, tab_poster = st.tabs(["Record an action", "Update an action", "Noticeboard poster"])
with tab_new:
    entered = action_form("new_action", user, sites, organisations, None, "Record the action")
    if entered is not None:
        save(entered)

with tab_update:
    mine = [a for a in actions if may_change(user, a.owner_organisation_id, a.site_id)]
    if not mine:
        st.caption("No actions you can change yet.")
    else:
        chosen = st.selectbox("Action", [a.id for a in mine], key="action_to_update",
                              format_func=lambda i: next(f"{a.theme_label}: {a.we_did[:70]} ({a.status_label})"
                                                         for a in mine if a.id == i))
        with session_factory()() as session:
            current = get_action(session, chosen)
        entered = action_form(f"update_action_{chosen}", user, sites, organisations, current.as_input(),
                              "Save the changes")
        if entered is not None:
            save(entered, chosen)

with tab_poster:
    st.caption("An A4 poster for a site's noticeboard: its latest done actions, how to give feedback, where to get help.")
    site = st.selectbox("Site", list(sites), format_func=sites.get, key="poster_site")
    if st.button("Make the poster (PDF)"):
        st.session_state[POSTER_KEY] = (site, export_poster(session_factory(), user.username, site,
                                                            public_url=settings().public_url))
    made = st.session_state.get(POSTER_KEY)
    if made and made[0] == site:
        st.download_button("Download the poster", data=made[1], file_name=f"you-said-we-did-{site}.pdf",
                           mime="application/pdf", on_click="ignore")
