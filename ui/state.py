"""Session-state keys, one place, prefixed by the page that owns them.

Shared choices (class, window, language) also live in `st.query_params` so a bookmark or a
refresh brings the same view back.
"""

from __future__ import annotations

# shared sidebar
CLASS = "shared_class"
WINDOW = "shared_window"
LANG = "shared_lang"
# (class, window) the sidebar opens on at the next run: a page cannot set the sidebar's widget
# keys once the sidebar has drawn them (ui/sidebar.choose)
CHOSEN = "shared_chosen"

# load page
LOAD_UPLOAD = "load_upload"
LOAD_ROLE_PREFIX = "load_role_"
LOAD_TARGET = "load_target"
LOAD_CLASS_NAME = "load_class_name"
LOAD_GRADE = "load_grade"
LOAD_WINDOW = "load_window"
LOAD_RESULT = "load_result"
LOAD_SELECT_COLUMN = "load_select_column"
LOAD_SELECT_VALUE = "load_select_value"
LOAD_GROUP = "load_group"
LOAD_SAVED_MAPPING = "load_saved_mapping"
LOAD_MAPPING_NAME = "load_mapping_name"
LOAD_SAVE = "load_save"
LOAD_SAVE_ROLES = "load_save_roles"
LOAD_TARGET_FOR = "load_target_for"  # the file (and class in it) "Save into" was defaulted for

# query-parameter names (the present page's bookmarkable URL uses the same)
Q_CLASS = "class"
Q_WINDOW = "window"
Q_LANG = "lang"

# present page
PRESENT_HIGHLIGHT = "present_highlight"
PRESENT_MEASURE = "present_measure"
PRESENT_ORDER = "present_order"
PRESENT_CLOCK = "present_clock"
PRESENT_VIEW = "present_view"
PRESENT_PREVIOUS = "present_previous"
PRESENT_NEXT = "present_next"
PRESENT_LANGUAGE = "present_language"
PRESENT_CLEAR = "present_clear"
PRESENT_CLOCK_BACK = "present_clock_back"
CONTROL_SKILL = "control_skill"
CONTROL_IDEA = "control_idea"
CONTROL_IDEA_TEXT = "control_idea_text"
CONTROL_IDEA_ADD = "control_idea_add"
CONTROL_IDEA_STEP = "control_idea_step"
CONTROL_GOAL_NUMBER = "control_goal_number"
CONTROL_GOAL_TARGET = "control_goal_target"
PRESENT_REVIEW_CHART = "present_review_chart"
Q_MEASURE = "measure"
Q_STUDENT = "student"

# review page (one section with its chart per measure: the prefix and the measure's name)
REVIEW_SKILL_PREFIX = "review_skill_"
REVIEW_CHART_PREFIX = "review_chart_"
REVIEW_NEXT_GOALS = "review_next_goals"

# explore page
EXPLORE_MEASURE = "explore_measure"
EXPLORE_BANDS = "explore_bands"
EXPLORE_STUDENT = "explore_student"
EXPLORE_ROSTER = "explore_roster"
EXPLORE_SHOW_NAMES = "explore_show_names"
EXPLORE_CSV = "explore_csv"
EXPLORE_XLSX = "explore_xlsx"

# settings page
SETTINGS_PREFIX = "settings_"
LOAD_PROFILES = "load_profiles"
SETTINGS_DELETE_SURE = "settings_delete_sure"
SETTINGS_DELETE = "settings_delete"
LOAD_PERCENT_PREFIX = "load_percent_"
SETTINGS_BACKUP = "settings_backup"
SETTINGS_RESTORE = "settings_restore"
SETTINGS_SAVE_LINKS = "settings_save_links"
SETTINGS_BACKUP_KEYS = "settings_backup_keys"
SETTINGS_PREPARE_BACKUP = "settings_prepare_backup"
SETTINGS_DOWNLOAD_BACKUP = "settings_download_backup"
SETTINGS_REMOVE_SAMPLES = "settings_remove_samples"
SETTINGS_RESTORE_BACKUP = "settings_restore_backup"

# folders page
FOLDERS_MEASURES = "folders_measures"
FOLDERS_LANG = "folders_lang"
FOLDERS_PAPER = "folders_paper"
FOLDERS_RESULT = "folders_result"
FOLDERS_ROSTER = "folders_roster"
FOLDERS_MAKE = "folders_make"
FOLDERS_PDF = "folders_pdf"
FOLDERS_ZIP = "folders_zip"
FOLDERS_ABSENT = "folders_absent"
FOLDERS_ONE_NUMBER = "folders_one_number"
FOLDERS_ONE_MAKE = "folders_one_make"
FOLDERS_ONE_RESULT = "folders_one_result"
FOLDERS_ONE_PDF = "folders_one_pdf"
FOLDERS_LABELS_PDF = "folders_labels_pdf"
FOLDERS_LABELS_CSV = "folders_labels_csv"

# goals page
GOALS_MEASURE = "goals_measure"
GOALS_WEEKS = "goals_weeks"
# + the measure's name: each skill starts at its own typical growth
GOALS_PER_WEEK_PREFIX = "goals_per_week_"
GOALS_GRID = "goals_grid"
# a goal form's fields: f"{GOALS_CLASS_PREFIX}{window}_{measure}_target" (and for one family,
# f"{GOALS_FAMILY_PREFIX}{window}_{measure}_{number}_target"), so each window, measure and family
# shows its own saved goal and remembers the version it was drawn from (ui/goal_forms.py)
GOALS_CLASS_PREFIX = "goals_class_"
GOALS_SAVE_CLASS = "goals_save_class"
GOALS_FAMILY_PREFIX = "goals_family_"
GOALS_FAMILY_NUMBER = "goals_family_number"
GOALS_SAVE_FAMILY = "goals_save_family"
GOALS_SAVE_GRID = "goals_save_grid"
GOALS_GRID_SEEN = "goals_grid_seen_"
GOALS_IDEA_PREFIX = "goals_idea_text_"
GOALS_ADD_IDEA_PREFIX = "goals_add_idea_"

# coach page
COACH_SCHOOL = "coach_school"
COACH_GRADE = "coach_grade"
COACH_FROM = "coach_from"
COACH_TO = "coach_to"
COACH_MEASURE = "coach_measure"
COACH_FILTER_MEASURE = "coach_filter_measure"
COACH_ATTENDANCE = "coach_attendance"

# night page (the plan, attendance, and next month's practice)
NIGHT_FOR = "night_for"  # the (class, window) the night page's fields were filled from
NIGHT_DATE = "night_date"
NIGHT_NEXT = "night_next"
NIGHT_SKILLS = "night_skills"
NIGHT_STRATEGY_PREFIX = "night_strategy_"  # + the measure's name
NIGHT_OWN_PREFIX = "night_own_"  # + the measure's name
NIGHT_AGENDA = "night_agenda"
NIGHT_SAVE = "night_save"
NIGHT_PRESENT = "night_present"
NIGHT_SAVE_ATTENDANCE = "night_save_attendance"
NIGHT_PRACTICE_WINDOW = "night_practice_window"
NIGHT_PRACTICE_PREFIX = "night_practice_"  # + yes, some or not_yet
NIGHT_SAVE_PRACTICE = "night_save_practice"
