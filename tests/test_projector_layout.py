"""The projector's page: the chart gets the room the words above it leave."""

from __future__ import annotations

from famdata.views import projector

ENGLISH = (
    "In letter names, kindergartners should name 37 letters in a minute. Our class averages 40; "
    "58% of the class is at grade level."
)
SPANISH = (
    "En nombres de las letras, se espera que los estudiantes de kínder nombren 37 letras en un "
    "minuto. El promedio de nuestra clase es de 40; el 58% de la clase está en el nivel esperado."
)


def lines(count: int) -> int:
    return round(count * projector.HEADLINE_PX * projector.HEADLINE_LINE)


def test_a_headline_that_wraps_to_a_third_line_is_given_its_room() -> None:
    assert projector.headline_height(ENGLISH, 992) == lines(2)
    assert projector.headline_height(SPANISH, 992) == lines(3)


def test_a_wider_window_wraps_a_headline_less() -> None:
    assert projector.headline_height(SPANISH, 1800) == lines(2)
    assert projector.headline_height("Ideas", 992) == lines(1)
