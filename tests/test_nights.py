"""The night plan, attendance and practice: stored on both databases, read by everything."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from famdata import goals, growth, nights, samples
from famdata.cli import main
from famdata.errors import FamdataError
from famdata.nights import AgendaStep, NightSkill
from famdata.store import Store
from famdata.views.agenda import AgendaClock

KINDER = "Sample: Kindergarten, Room 3"
SEPT, OCT = "September", "October"


@pytest.fixture
def store(db_url: str) -> Store:
    store = Store(db_url)
    samples.load_samples(store)
    return store


def test_a_window_without_a_plan_gets_its_measures_the_eight_steps_and_fitting_strategies(
    store: Store,
) -> None:
    plan = nights.plan_for(store, KINDER, SEPT)
    assert [s.measure for s in plan.skills] == ["Letter Names", "Letter Sounds"]
    assert len(plan.agenda) == 8
    assert plan.agenda[5].name == {"en": "Goal setting", "es": "Fijamos metas"}
    assert [s.strategy for s in plan.skills] == ["letter-hunt", "letter-hunt"]


def test_a_saved_plan_comes_back_with_its_dates_skills_in_order_and_strategies(
    store: Store,
) -> None:
    plan = nights.planned(
        nights.plan_for(store, KINDER, SEPT),
        store.profiles(KINDER),
        day=date(2026, 9, 24),
        skills=["Letter Sounds", "Letter Names"],
        chosen={"Letter Names": "letter-cards"},
        own={"Letter Sounds": "Sing the alphabet song with the sounds"},
        next_meeting=date(2026, 10, 22),
    )
    nights.save_plan(store, plan)
    saved = nights.plan_for(store, KINDER, SEPT)
    assert (saved.date, saved.next_meeting) == (date(2026, 9, 24), date(2026, 10, 22))
    assert saved.skills == (
        NightSkill("Letter Sounds", None, "Sing the alphabet song with the sounds"),
        NightSkill("Letter Names", "letter-cards"),
    )


def test_the_teacher_removes_adds_and_reorders_agenda_steps(store: Store) -> None:
    plan = nights.plan_for(store, KINDER, SEPT)
    steps = [*reversed(plan.agenda[2:]), AgendaStep({"en": "Raffle", "es": "Rifa"}, 3)]
    nights.save_plan(store, nights.planned(plan, store.profiles(KINDER), agenda=steps))
    saved = nights.agenda_steps(nights.plan_for(store, KINDER, SEPT))
    assert [s.name["en"] for s in saved][:2] == ["Closing", "Brainstorm supports"]
    assert saved[-1] == AgendaStep({"en": "Raffle", "es": "Rifa"}, 3)
    assert len(saved) == 7


def test_the_agenda_clock_runs_the_plans_steps(store: Store) -> None:
    steps = (AgendaStep({"en": "Welcome", "es": "Bienvenida"}, 3),)
    clock = AgendaClock(steps=steps).start(0.0)
    assert clock.remaining(60.0) == 2 * 60
    assert clock.skip(60.0).current is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"skills": []}, "one to 3 skills, not 0"),
        ({"skills": ["Letter Names", "Letter Names"]}, "chosen twice"),
        ({"skills": ["Shoe size"]}, "no measure 'Shoe size'"),
        ({"chosen": {"Letter Names": "juggling"}}, "no at-home strategy 'juggling'"),
        ({"day": date(2026, 10, 1), "next_meeting": date(2026, 9, 1)}, "must come after"),
        ({"agenda": [AgendaStep({"en": "Welcome", "es": " "}, 5)]}, "in English and in Spanish"),
        ({"agenda": [AgendaStep({"en": "Welcome", "es": "Bienvenida"}, 0)]}, "1 to 120"),
    ],
    ids=["no skill", "twice", "unknown", "strategy", "dates", "spanish", "minutes"],
)
def test_a_plan_that_cannot_be_run_is_refused_in_plain_words(
    store: Store, change: dict[str, object], message: str
) -> None:
    with pytest.raises(FamdataError, match=message):
        nights.planned(
            nights.plan_for(store, KINDER, SEPT),
            store.profiles(KINDER),
            **change,  # type: ignore[arg-type]
        )


def test_attendance_replaces_the_earlier_record_and_the_rest_are_absent(store: Store) -> None:
    nights.record_attendance(store, KINDER, SEPT, [1, 2, 3])
    found = nights.record_attendance(store, KINDER, SEPT, [2, 5])
    assert found.present == (2, 5)
    assert found.absent == tuple(n for n in range(1, 21) if n not in (2, 5))


def test_before_attendance_is_taken_nobody_is_absent(store: Store) -> None:
    assert nights.attendance(store, KINDER, SEPT) is None
    with pytest.raises(FamdataError, match="record who came first"):
        nights.absent_families(store, KINDER, SEPT)


def test_a_number_the_class_does_not_have_is_refused(store: Store) -> None:
    with pytest.raises(FamdataError, match="no student number 21"):
        nights.record_attendance(store, KINDER, SEPT, [1, 21])


def test_attendance_keeps_the_plan_and_the_plan_keeps_attendance(store: Store) -> None:
    nights.record_attendance(store, KINDER, SEPT, [4])
    plan = nights.plan_for(store, KINDER, SEPT)
    nights.save_plan(store, nights.planned(plan, store.profiles(KINDER), day=date(2026, 9, 24)))
    assert store.attendance(KINDER, SEPT) == {4}


def test_practice_answers_are_kept_per_family_and_can_be_forgotten(store: Store) -> None:
    store.save_practice(KINDER, SEPT, {1: "yes", 2: "some", 3: "not_yet"})
    store.save_practice(KINDER, SEPT, {2: None, 4: "yes"})
    assert store.practice(KINDER, SEPT) == {1: "yes", 3: "not_yet", 4: "yes"}


def test_an_answer_about_practice_is_yes_some_or_not_yet(store: Store) -> None:
    with pytest.raises(FamdataError, match="yes, some or not_yet"):
        store.save_practice(KINDER, SEPT, {1: "often"})  # type: ignore[dict-item]


def test_deleting_a_class_deletes_its_nights(store: Store) -> None:
    nights.record_attendance(store, KINDER, SEPT, [1])
    store.delete_class(KINDER)
    assert store.all_attendance() == {}


@pytest.mark.parametrize("text", ["1,2,5", "1 2 5", "1, 2,5", "1-2,5"])
def test_numbers_are_read_as_teachers_type_them(text: str) -> None:
    assert nights.parse_numbers(text) == [1, 2, 5]


def test_a_word_among_the_numbers_is_refused() -> None:
    with pytest.raises(FamdataError, match="'Ana' is not a student number"):
        nights.parse_numbers("1,Ana")


def test_the_goal_sheet_horizon_is_the_weeks_until_the_next_meeting() -> None:
    plan = nights.NightPlan(
        "c", "w", date=date(2026, 9, 24), next_meeting=date(2026, 10, 22), skills=()
    )
    assert nights.weeks_until_next(plan) == 4
    assert nights.weeks_until_next(nights.NightPlan("c", "w")) == nights.DEFAULT_WEEKS


# -- the command line -----------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_night_json_prints_the_plan_in_the_contracts_shape(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys,
        *("night", "--class", KINDER, "--window", SEPT, "--db", db_url, "--json"),
        *("--date", "2026-09-24", "--next-meeting", "2026-10-22"),
        *("--skill", "Letter Sounds", "--skill", "Letter Names"),
        *("--strategy", "LNF=letter-cards", "--strategy", "Letter Sounds=change-one-letter"),
    )
    plan = json.loads(out)
    assert code == 0
    assert {"class", "window", "date", "skills", "agenda", "strategies", "next_meeting"} <= set(
        plan
    )
    assert (plan["date"], plan["next_meeting"]) == ("2026-09-24", "2026-10-22")
    assert plan["skills"] == ["Letter Sounds", "Letter Names"]
    assert plan["strategies"] == {
        "Letter Sounds": "change-one-letter",
        "Letter Names": "letter-cards",
    }
    assert plan["agenda"][0] == {"en": "Welcome", "es": "Bienvenida", "minutes": 5}


def test_night_updates_only_what_it_is_given(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("night", "--class", KINDER, "--window", SEPT, "--db", db_url, "--json")
    cli(capsys, *base, "--date", "2026-09-24")
    _, out, _ = cli(capsys, *base, "--next-meeting", "2026-10-22")
    assert (json.loads(out)["date"], json.loads(out)["next_meeting"]) == (
        "2026-09-24",
        "2026-10-22",
    )


def test_night_with_a_bad_date_says_so_in_one_line(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(
        capsys, "night", "--class", KINDER, "--window", SEPT, "--db", db_url, "--date", "soon"
    )
    assert code == 2
    assert err.strip() == "famdata: --date takes a date like 2026-10-15, not 'soon'."


def test_attendance_json_lists_present_and_absent(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys,
        *("attendance", "--class", KINDER, "--window", SEPT, "--db", db_url),
        *("--present", "1,2,5", "--json"),
    )
    assert code == 0
    assert json.loads(out) == {
        "present": [1, 2, 5],
        "absent": [n for n in range(1, 21) if n not in (1, 2, 5)],
    }


def test_packets_absent_only_writes_folders_for_the_families_who_missed_it(
    store: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    came = [n for n in range(1, 21) if n not in (4, 17)]
    nights.record_attendance(store, KINDER, SEPT, came)
    out = tmp_path / "absent"
    code, _, _ = cli(
        capsys,
        *("packets", "--class", KINDER, "--window", SEPT, "--db", db_url),
        *("--out", str(out), "--absent-only"),
    )
    assert code == 0
    families = sorted(p.name for p in out.iterdir() if p.name.startswith("family-"))
    assert families == ["family-04.pdf", "family-17.pdf"]


# -- did coming make a difference? ------------------------------------------------------------

GRADE4 = "Sample: Grade 4, Room 12"


def test_growth_by_attendance_compares_the_families_who_came_with_those_who_did_not(
    store: Store,
) -> None:
    by_student = growth.growth_by_student(store)
    rows = by_student[(by_student["class"] == GRADE4) & (by_student["measure"] == "ORF (wcpm)")]
    present = sorted(rows["student"])[: len(rows) // 2]
    nights.record_attendance(store, GRADE4, "2026-09", present)
    [fluency] = [r for r in growth.by_attendance(store) if r.measure == "ORF (wcpm)"]
    came = rows["student"].isin(present)
    assert (fluency.attended.n, fluency.absent.n) == (int(came.sum()), int((~came).sum()))
    assert fluency.attended.mean_growth == round(float(rows[came]["growth"].mean()), 1)
    assert fluency.absent.mean_growth == round(float(rows[~came]["growth"].mean()), 1)


def test_a_group_under_ten_is_counted_but_its_growth_is_not_shown(store: Store) -> None:
    nights.record_attendance(store, KINDER, SEPT, range(1, 13))
    [names] = [r for r in growth.by_attendance(store) if r.measure == "Letter Names"]
    assert names.absent.n < growth.MIN_GROUP
    assert names.absent.mean_growth is None
    assert names.attended.mean_growth is not None


def test_a_class_whose_attendance_was_not_taken_is_not_compared(store: Store) -> None:
    assert growth.by_attendance(store) == []


def test_growth_by_attendance_json_has_the_contracts_shape(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nights.record_attendance(store, KINDER, SEPT, range(1, 13))
    code, out, _ = cli(
        capsys, "growth", "--by-attendance", "--class", KINDER, "--json", "--db", db_url
    )
    rows = json.loads(out)
    assert code == 0
    assert [r["measure"] for r in rows] == ["Letter Names", "Letter Sounds"]
    first = rows[0]
    assert (first["class"], first["skill"]) == (KINDER, "LNF")
    assert set(first["attended"]) == {"n", "mean_growth"}
    assert first["absent"]["mean_growth"] is None


def test_growth_by_attendance_says_it_is_not_proof_of_cause(
    store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nights.record_attendance(store, KINDER, SEPT, range(1, 13))
    _, out, _ = cli(capsys, "growth", "--by-attendance", "--db", db_url)
    assert "not proof that coming caused it" in out


# -- follow-up: practice beside goals met ------------------------------------------------------


def test_the_review_shows_whether_each_family_practised(store: Store) -> None:
    goals.save(
        store, KINDER, SEPT, [goals.GoalEntry("Letter Names", 30, student=n) for n in (1, 2)]
    )
    store.save_practice(KINDER, SEPT, {1: "not_yet"})
    since = growth.since_last(store, KINDER, "Letter Names", OCT)
    table = nights.follow_up_table(store, KINDER, since).set_index("Student number")
    assert table.loc[["1", "2"], "Practised"].tolist() == ["not yet", ""]


def test_the_coach_sees_the_share_of_families_who_practised(store: Store) -> None:
    store.save_practice(KINDER, SEPT, {1: "yes", 2: "some", 3: "not_yet", 4: "yes"})
    table = growth.coach_table(store)
    shares = table[table["Class"] == KINDER]["% families practised"].tolist()
    assert shares == [75.0, 75.0]
