import numpy as np

from maillage.linkage import cluster_encodings, encode_identity
from maillage.linkage.clustering import additive_clusters

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


def _no_more_pairs(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    raise AssertionError(f"unexpected pairs to score: {left}, {right}")


def test_it_splits_a_chain_that_joins_records_kept_apart() -> None:
    # 0-1 and 1-2 are links, 0-2 clearly different persons: the weaker link
    # gives way; without such a clash, links chain as usual (3-4-5).
    left, right = np.array([0, 1, 0, 3, 4, 3]), np.array([1, 2, 2, 4, 5, 5])
    weights = np.array([10.0, 2.0, -np.inf, 2.0, 2.0, 1.0])
    labels = additive_clusters(6, left, right, weights, 0.0, _no_more_pairs)
    assert labels[0] == labels[1] != labels[2]
    assert labels[3] == labels[4] == labels[5]


def test_it_joins_groups_on_the_sum_of_their_pairs() -> None:
    # 2 links to 0 strongly and to 1 weakly against: joined (4 - 1 > 0);
    # 5 links to 3 weakly and is against 4 more strongly: left alone (1 - 3 < 0).
    left, right = np.array([0, 0, 1, 3, 3, 4]), np.array([1, 2, 2, 4, 5, 5])
    weights = np.array([6.0, 4.0, -1.0, 6.0, 1.0, -3.0])
    labels = additive_clusters(6, left, right, weights, 0.0, _no_more_pairs)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[5]


def test_it_scores_pairs_never_compared_inside_a_component() -> None:
    # 0-1 and 1-2 link; 0-2 was no candidate pair: it is scored, and it is against.
    scored: list[tuple[int, int]] = []

    def weigh(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        scored.extend(zip(left.tolist(), right.tolist(), strict=True))
        return np.full(len(left), -20.0)

    labels = additive_clusters(
        3, np.array([0, 1]), np.array([1, 2]), np.array([5.0, 3.0]), 0.0, weigh
    )
    assert scored == [(0, 2)]
    assert labels[0] == labels[1] != labels[2]


def test_it_keeps_very_strong_links_across_a_pair_kept_apart() -> None:
    # Two corrupted copies of one record (1 and 2) are kept apart from each
    # other, but both are near-certain copies of 0; 4 and 5 only likely ones of 3.
    left, right = np.array([0, 0, 1, 3, 3, 4]), np.array([1, 2, 2, 4, 5, 5])
    weights = np.array([25.0, 25.0, -np.inf, 10.0, 10.0, -np.inf])
    labels = additive_clusters(6, left, right, weights, 0.0, _no_more_pairs)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[5]
