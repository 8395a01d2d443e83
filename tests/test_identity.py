"""Private numbers and keyed hashes: what makes a student a number."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from famdata import identity


@pytest.mark.parametrize(
    "written", ["García, María", "maria garcia", "MARIA  GARCIA", "Garcia Maria", "María-García"]
)
def test_accents_case_punctuation_and_order_do_not_split_a_student(written: str) -> None:
    assert identity.name_identity(written) == identity.name_identity("María García")


def test_an_id_and_a_name_are_different_identities_even_when_alike() -> None:
    assert identity.id_identity("123") != identity.name_identity("123")


def test_a_row_is_known_by_its_id_else_by_its_name_else_not_at_all() -> None:
    ids = pa.array(["00123", "", "", "00123", ""])
    names = np.array(["Ana Cruz", "García, María", "", "Bo Lee", "?!"], dtype=object)
    code, distinct = identity.row_identities(ids, lambda: names)
    assert distinct[code].tolist() == ["id:00123", "name:garcia maria", "", "id:00123", ""]


def test_names_are_not_read_when_every_row_has_an_id() -> None:
    def names() -> np.ndarray:
        raise AssertionError("the names were read")

    code, distinct = identity.row_identities(pa.array(["7", "8", "7"]), names)
    assert distinct[code].tolist() == ["id:7", "id:8", "id:7"]
    assert code[0] == code[2] != code[1]


def test_the_same_identity_hashes_differently_in_two_classes() -> None:
    student = identity.id_identity("4711")
    first, second = identity.new_class_key(), identity.new_class_key()
    assert identity.key_hash(first, student) != identity.key_hash(second, student)


def test_a_hash_does_not_contain_the_identity() -> None:
    digest = identity.key_hash(identity.new_class_key(), identity.name_identity("Ana Cruz"))
    assert "ana" not in digest
    assert len(digest) == 64


def test_first_numbers_are_a_permutation_of_1_to_n() -> None:
    assert sorted(identity.new_numbers([], 30)) == list(range(1, 31))


def test_first_numbers_are_shuffled() -> None:
    draws = {tuple(identity.new_numbers([], 10)) for _ in range(5)}
    assert len(draws) > 1


def test_new_numbers_follow_the_numbers_taken() -> None:
    assert sorted(identity.new_numbers([3, 1, 2], 2)) == [4, 5]


def test_hashing_many_identities_at_once_gives_each_its_own_key_hash() -> None:
    key = identity.new_class_key()
    identities = ["id:123", identity.name_identity("Ana Cruz"), "id:123", "id:7"]
    hashes = identity.key_hashes(key, identities)
    assert hashes == {i: identity.key_hash(key, i) for i in identities}
