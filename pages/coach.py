"""Coach: follow-up growth across every class, small groups suppressed."""

from __future__ import annotations

import streamlit as st

from famdata import growth
from famdata.output import exports, growth_charts
from ui import cache, router, state

router.ensure()

st.title("Growth across classes")
st.caption(
    f"Between two assessment windows. Groups of fewer than {growth.MIN_GROUP} students are not "
    "shown, so no figure points at a child."
)
classes = cache.classes()
schools = sorted({c.school for c in classes if c.school})
grades = sorted({c.grade for c in classes})
skills = sorted(
    {growth.skill_key(m.name, m.profile) for c in classes for m in cache.measures(c.name)}
)
left, middle, right = st.columns(3)
school = left.selectbox("School", ["(all)", *schools], key=state.COACH_SCHOOL)
grade = middle.selectbox("Grade", ["(all)", *grades], key=state.COACH_GRADE)
only = middle.selectbox("Skill", ["(all)", *skills], key=state.COACH_FILTER_MEASURE)
windows_from = right.text_input("From window (blank: each class's first)", key=state.COACH_FROM)
windows_to = right.text_input("To window (blank: each class's last)", key=state.COACH_TO)
filters = growth.Filters(
    school=None if school == "(all)" else school,
    grade=None if grade == "(all)" else int(grade),
    skill=None if only == "(all)" else only,
    start=windows_from or None,
    end=windows_to or None,
)
table = cache.coach_table(filters)
if table.empty:
    st.info("No class has scores yet.")
    st.stop()
st.dataframe(table, hide_index=True)
stem = exports.file_stem("growth", school if school != "(all)" else "all-schools")
one, two = st.columns(2)
one.download_button("Download (Excel)", exports.to_xlsx_bytes(table, "Growth"), f"{stem}.xlsx")
two.download_button("Download (CSV)", exports.to_csv_bytes(table), f"{stem}.csv", "text/csv")
by_student = cache.growth_by_student(filters)
shown = table[(table["Status"] == growth.COMPARED) & (table["Mean growth"] != growth.SUPPRESSED)]
skill = st.selectbox(
    "Compare the classes in", sorted(shown["Skill"].unique()), key=state.COACH_MEASURE
)
if skill:
    compared = shown[shown["Skill"] == skill]["Class"]
    visible = by_student[(by_student["skill"] == skill) & by_student["class"].isin(compared)]
    st.plotly_chart(growth_charts.growth_chart(visible, measure=skill), width="stretch", theme=None)
st.subheader("Did coming to the night make a difference?")
attendance = cache.by_attendance(filters)
if attendance.empty:
    st.caption(
        "No class has taken attendance at a night that was followed by another assessment yet."
    )
else:
    st.dataframe(attendance, hide_index=True, key=state.COACH_ATTENDANCE)
    st.caption(
        f"{growth.ATTENDANCE_CAVEAT} Groups of fewer than {growth.MIN_GROUP} students are not "
        "shown."
    )
