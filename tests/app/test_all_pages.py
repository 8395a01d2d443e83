"""Every page the router knows renders on the sample classes without an error."""

from __future__ import annotations

import ast

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def routed_pages() -> list[str]:
    """The page files named in app.py's ROUTES, so a page added later is covered too."""
    tree = ast.parse((ROOT / "app.py").read_text())
    routes = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ROUTES"
    )
    return [ast.literal_eval(item)[0] for item in routes.elts]


@pytest.mark.parametrize("page", routed_pages())
def test_every_page_renders_without_an_exception(app: AppTest, page: str) -> None:
    app.run()
    app.switch_page(f"pages/{page}").run()
    assert not app.exception, app.exception
