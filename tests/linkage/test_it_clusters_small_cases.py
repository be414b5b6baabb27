import numpy as np

from maillage.linkage import cluster_encodings, encode_identity
from maillage.linkage.engine import consistent_components

PEOPLE = {
    "a1": dict(first_name="Hélène", last_name="Le Gall", birth_date="1985-03-12", sex="F"),
    "a2": dict(first_name="HELENE", last_name="LEGALL", birth_date="1985-03-12", commune="59350"),
    "a3": dict(first_name="Le Gall", last_name="Hélène", birth_date="1985-03-12", sex="F"),
    "a4": dict(first_name="Helene", last_name="Martin", birth_name="Le Gall", birth_date="1985-03"),
    "b1": dict(first_name="Jean-Pierre", last_name="Dupont", birth_date="1950-06-07", sex="M"),
    "b2": dict(first_name="Jean Pierre", last_name="Dupond", birth_date="1950-07-06", sex="M"),
    "c1": dict(first_name="Marie", last_name="Martin", birth_date="1990-05-05", sex="F"),
    "d1": dict(first_name="Marie", last_name="Martin", birth_date="1962-11-23", sex="F"),
    "e1": dict(first_name="Karim", last_name="Benali", phone="06 11 22 33 44", birth_date="1979"),
    "e2": dict(first_name="Karim", last_name="Ben Ali", phone="+33611223344", birth_date="1979"),
}


def _clusters(secret: str) -> dict[str, str]:
    encoded = [(rid, encode_identity(secret=secret, **fields)) for rid, fields in PEOPLE.items()]
    return cluster_encodings(encoded)


def test_it_groups_variants_of_one_person(secret: str) -> None:
    clusters = _clusters(secret)
    assert {clusters[r] for r in ("a1", "a2", "a3", "a4")} == {"a1"}
    assert clusters["b2"] == "b1"
    assert clusters["e2"] == "e1"


def test_it_keeps_namesakes_apart(secret: str) -> None:
    clusters = _clusters(secret)
    assert clusters["c1"] == "c1" and clusters["d1"] == "d1"
    assert len(set(clusters.values())) == 5


def test_it_returns_nothing_for_no_records() -> None:
    assert cluster_encodings([]) == {}


def test_it_splits_a_chain_that_joins_records_kept_apart() -> None:
    # 0-1 and 1-2 are links, 0-2 are clearly different persons: the weaker
    # link gives way; without such a clash, links chain as usual (3-4-5).
    left, right = np.array([0, 1, 3, 4]), np.array([1, 2, 4, 5])
    probability = np.array([0.999, 0.8, 0.8, 0.8])
    labels = consistent_components(6, left, right, probability, np.array([0]), np.array([2]))
    assert labels[0] == labels[1] != labels[2]
    assert labels[3] == labels[4] == labels[5]
