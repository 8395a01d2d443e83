"""Settings: the class's details, each measure's benchmark, the benchmark table."""

from __future__ import annotations

import io
from datetime import date

import streamlit as st

from famdata import benchmarks, measures
from famdata.benchmarks import SEASONS
from famdata.errors import FamdataError
from famdata.measures import SKILLS, UNITS
from famdata.store import backup
from ui import cache, router, sidebar, state
from ui.text import plain

router.ensure()

AUTO = "(suggested)"
NONE = "(none)"
HIGHER, LOWER = "Higher is better", "Lower is better (errors, seconds)"
SOURCES = {"dibels8": "DIBELS 8", "acadience": "Acadience", "ht2017": "Hasbrouck & Tindal 2017"}

store = cache.store()
selection = sidebar.current()

if selection.class_name:
    class_name = selection.class_name
    info = store.get_class(class_name)
    st.title(f"Settings: {plain(class_name)}")
    with st.form("settings_class"):
        st.subheader("Class")
        language = st.selectbox(
            "Families' language by default",
            ["en", "es"],
            index=["en", "es"].index(info.language),
            format_func={"en": "English", "es": "Español"}.get,
        )
        contact = st.text_input("Teacher's contact line for the family folders", info.contact or "")
        teacher = st.text_input("Teacher", info.teacher or "")
        school = st.text_input("School", info.school or "")
        if st.form_submit_button("Save class details"):
            store.update_class(
                class_name,
                language=language,
                contact=contact or None,
                teacher=teacher or None,
                school=school or None,
            )
            st.success("Saved.")

    with st.form("settings_links"):
        st.subheader("What each measure is")
        st.caption(
            "famdata guessed each measure's skill, unit and direction from the file; check them "
            "here. The skill picks the benchmark; you can prefer a source, or set the class's own "
            "expectation for the night (for example 105 words a minute). Every chart says which "
            "one it uses."
        )
        choices = {}
        for m in cache.measures(class_name):
            profile = m.profile
            st.markdown(f"**{plain(m.name)}**")
            skill_col, unit_col, way_col = st.columns([3, 2, 2])
            source_col, goal_col, text_col = st.columns([2, 1, 4])
            skill = skill_col.selectbox(
                "Skill",
                [NONE, *SKILLS],
                index=[NONE, *SKILLS].index(profile.skill) if profile.skill in SKILLS else 0,
                key=f"{state.SETTINGS_PREFIX}skill_{m.name}",
                format_func=lambda c: (
                    "(not a skill famdata knows)" if c == NONE else SKILLS[c].name
                ),
            )
            units = list(dict.fromkeys([*UNITS, profile.unit or NONE]))
            unit = unit_col.selectbox(
                "Unit",
                units,
                index=units.index(profile.unit or NONE),
                key=f"{state.SETTINGS_PREFIX}unit_{m.name}",
                format_func=lambda u: "(none)" if u == NONE else u,
            )
            way = way_col.radio(
                "Better is",
                [HIGHER, LOWER],
                index=0 if profile.higher_is_better else 1,
                key=f"{state.SETTINGS_PREFIX}way_{m.name}",
            )
            source_options = [AUTO, *SOURCES]
            source = source_col.selectbox(
                "Source",
                source_options,
                index=source_options.index(profile.benchmark_source)
                if profile.benchmark_source in SOURCES
                else 0,
                key=f"{state.SETTINGS_PREFIX}source_{m.name}",
                format_func=lambda s: "(preferred)" if s == AUTO else SOURCES[s],
            )
            goal = goal_col.number_input(
                "Own expectation",
                value=profile.expectation,
                min_value=0.0,
                step=1.0,
                key=f"{state.SETTINGS_PREFIX}goal_{m.name}",
            )
            text = text_col.text_input(
                "In words",
                profile.expectation_text or "",
                key=f"{state.SETTINGS_PREFIX}text_{m.name}",
                placeholder="fourth graders read 105 words a minute",
            )
            choices[m.name] = measures.edited(
                profile,
                skill=None if skill == NONE else skill,
                unit=None if unit == NONE else unit,
                higher_is_better=way == HIGHER,
                benchmark_source=None if source == AUTO else source,
                expectation=goal,
                expectation_text=text or None,
            )
        if st.form_submit_button("Save", key=state.SETTINGS_SAVE_LINKS):
            for name, profile in choices.items():
                store.save_profile(class_name, name, profile)
            cache.saved()
            st.success("Saved: the charts, goals and folders now use these.")

    with st.form("settings_seasons"):
        st.subheader("Assessment windows")
        picked = {}
        for w in cache.windows(class_name):
            guess = benchmarks.season_of(w.label, w.date)
            options = [AUTO, *SEASONS]
            picked[w.label] = st.selectbox(
                f"{plain(w.label)}: time of year",
                options,
                index=options.index(w.season) if w.season in SEASONS else 0,
                format_func=lambda s, g=guess: (
                    f"from the label: {g or 'unknown'}" if s == AUTO else s
                ),
                key=f"{state.SETTINGS_PREFIX}season_{w.label}",
            )
        if st.form_submit_button("Save the windows"):
            for label, season in picked.items():
                store.set_window_season(class_name, label, None if season == AUTO else season)
            cache.saved()
            st.success("Saved.")

    with st.expander(f"Delete {plain(class_name)}"):
        sure = st.checkbox(
            f"Yes: delete {plain(class_name)} with all its scores, goals and ideas. "
            "This cannot be undone (a backup can bring it back).",
            key=state.SETTINGS_DELETE_SURE,
        )
        if st.button(
            "Delete the class", disabled=not sure, type="primary", key=state.SETTINGS_DELETE
        ):
            store.delete_class(class_name)
            cache.saved()
            st.query_params.clear()
            st.rerun()

st.subheader("The benchmark table")
st.caption(
    "The grade-level benchmarks famdata ships with, each with its source. Edit a figure and save; "
    "'Go back to the published figures' undoes every edit."
)
edited = st.data_editor(
    store.benchmark_table(), num_rows="dynamic", hide_index=True, key="settings_table"
)
save, reset = st.columns(2)
if save.button("Save the table"):
    problems = benchmarks.validate_table(edited)
    if problems:
        for problem in problems[:20]:
            st.error(plain(problem))
    else:
        store.save_benchmark_table(edited)
        cache.saved()
        st.success("Saved.")
if reset.button("Go back to the published figures"):
    store.reset_benchmark_table()
    cache.saved()
    st.success("The published figures are back.")

st.subheader("Backup and restore")
st.caption(
    "A backup is one file with every class, score, goal and setting (never a name). Keep it on a "
    "USB stick or the school drive. A backup goes back only into an empty famdata."
)
with_keys = st.checkbox(
    "Include the classes' private keys (needed to recognise returning students when the backup "
    "goes back on another computer; keep such a backup as safe as the laptop)",
    key=state.SETTINGS_BACKUP_KEYS,
)
if st.button("Prepare a backup", key=state.SETTINGS_PREPARE_BACKUP):
    with st.spinner("Writing the backup…"):
        buffer = io.BytesIO()
        summary = backup.backup(store, buffer, with_keys=with_keys)
    st.session_state[state.SETTINGS_BACKUP] = buffer.getvalue()
    st.caption(f"Backup of {summary.describe()}")
if state.SETTINGS_BACKUP in st.session_state:
    st.download_button(
        "Download the backup",
        st.session_state[state.SETTINGS_BACKUP],
        f"famdata-backup-{date.today().isoformat()}.zip",
        "application/zip",
        key=state.SETTINGS_DOWNLOAD_BACKUP,
    )
upload = st.file_uploader("Restore from a backup file", type=["zip"], key=state.SETTINGS_RESTORE)
classes = store.classes()
if (
    classes
    and all(c.is_sample for c in classes)
    and st.button("Remove the sample classes first", key=state.SETTINGS_REMOVE_SAMPLES)
):
    for c in classes:
        store.delete_class(c.name)
    cache.saved()
    st.rerun()
if upload is not None and st.button(
    "Restore this backup", type="primary", key=state.SETTINGS_RESTORE_BACKUP
):
    try:
        with st.spinner("Restoring…"):
            summary = backup.restore(store, upload.getvalue())
    except FamdataError as error:
        st.error(plain(error))
    else:
        cache.saved()
        st.success(f"Restored {summary.describe()}")
