import numpy as np

from maillage.linkage.compare import COMPARISON_INDEX, comparison_levels
from maillage.linkage.encoding import encode_identity
from maillage.linkage.frequency import Frequencies
from maillage.linkage.model import Model, anchored
from maillage.linkage.table import table_from

FIRST = COMPARISON_INDEX["first_name"]
LAST = COMPARISON_INDEX["last_name"]
NIR = COMPARISON_INDEX["nir"]


def _pairs_levels(secret: str, identities: list[dict[str, str]], pairs: list[tuple[int, int]]):
    table = table_from([encode_identity(secret=secret, **i) for i in identities])
    left = np.array([a for a, _ in pairs], dtype=np.int32)
    right = np.array([b for _, b in pairs], dtype=np.int32)
    return table, left, right, comparison_levels(table, left, right)


def test_it_scores_identical_short_names_as_the_same_despite_noise(secret: str) -> None:
    # On the noisy filters, two encodings of a 3-letter name score a Dice of
    # about 0.8, below the 0.82 the levels used before denoising.
    leas = [dict(first_name="Léa", last_name="Roy") for _ in range(10)]
    lia = [dict(first_name="Lia", last_name="Roy")]
    pairs = [(a, b) for a in range(10) for b in range(a + 1, 10)]
    table, left, right, levels = _pairs_levels(
        secret, leas + lia, pairs + [(a, 10) for a in range(10)]
    )
    same, typo = levels[: len(pairs)], levels[len(pairs) :]
    a, b = table.names[left[: len(pairs)], 0], table.names[right[: len(pairs)], 0]
    shared = np.bitwise_count(a & b).sum(axis=1)
    bits = table.name_bits[left[: len(pairs)], 0] + table.name_bits[right[: len(pairs)], 0]
    noisy_same = (2 * shared / bits >= 0.82).mean()
    assert (same[:, FIRST] == 1).mean() >= 0.75 > noisy_same
    assert (typo[:, FIRST] == 1).mean() <= 0.1


def test_it_weighs_agreement_on_a_common_first_name_less(secret: str) -> None:
    maries = [dict(first_name="Marie", last_name=f"Nom{i}", birth_date="1980") for i in range(60)]
    others = [dict(first_name=f"Prenom{i}x", last_name=f"Autre{i}") for i in range(60)]
    rare = [
        dict(first_name="Zoubida", last_name="Abc"),
        dict(first_name="Zoubida", last_name="Def"),
    ]
    table, left, right, levels = _pairs_levels(secret, maries + others + rare, [(0, 1), (120, 121)])
    assert (levels[:, FIRST] == 1).all()
    frequencies = Frequencies.of(table, np.random.default_rng(0))
    undecided = np.ones(2, dtype=bool)
    adjustment = frequencies.adjustments(left, right, levels, Model().u, undecided)
    common, uncommon = adjustment
    assert common < 0 < uncommon


def test_it_weighs_agreement_on_a_small_commune_more(secret: str) -> None:
    city = [dict(first_name="Ana", last_name=f"Nom{i}", commune="59350") for i in range(50)]
    village = [dict(first_name="Ana", last_name="Roy", commune="59009") for _ in range(2)]
    table, left, right, levels = _pairs_levels(secret, city + village, [(0, 1), (50, 51)])
    frequencies = Frequencies.of(table, np.random.default_rng(0))
    adjustment = frequencies.adjustments(left, right, levels, Model().u, np.zeros(2, dtype=bool))
    assert adjustment[0] < adjustment[1]


def test_it_measures_m_on_pairs_agreeing_on_the_nir() -> None:
    # 40 anchor pairs: surnames agree in 30, differ (level 6) in 10.
    anchors = np.zeros((40, 7), dtype=np.int8)
    anchors[:, LAST] = [1] * 30 + [6] * 10
    anchors[:, NIR] = 1
    em = Model()
    model = anchored(em, anchors, NIR)
    share = model.m[LAST][1:] / model.m[LAST][1:].sum()
    assert share[0] > 0.6 and share[5] > 0.2 and share[1:5].max() < 0.15
    assert np.array_equal(model.m[NIR], em.m[NIR])
    assert model.u is em.u
