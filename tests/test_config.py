"""The safe defaults in .streamlit/config.toml: a teacher's laptop, not a server."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_the_app_listens_on_loopback_only() -> None:
    assert CONFIG["server"]["address"] == "127.0.0.1"


def test_xsrf_protection_stays_on() -> None:
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_uploads_are_limited_to_what_class_and_school_files_need() -> None:
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 100


def test_nothing_is_sent_out_as_usage_statistics() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_error_details_never_reach_the_projector() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_only_the_laptops_own_addresses_reach_the_app() -> None:
    assert set(CONFIG["server"]["allowedHosts"]) == {"localhost", "127.0.0.1", "::1"}
