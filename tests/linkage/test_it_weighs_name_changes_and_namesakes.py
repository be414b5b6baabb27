import numpy as np

from maillage.linkage.compare import COMPARISON_INDEX, COMPARISONS, comparison_levels
from maillage.linkage.encoding import encode_identity
from maillage.linkage.engine import household_only
from maillage.linkage.table import table_from

LAST = COMPARISON_INDEX["last_name"]
DATE = COMPARISON_INDEX["birth_date"]
ELSE_SAME_SEX = {
    COMPARISONS[LAST].levels.index(label) + 1 for label in ("else, same sex a", "else, same sex b")
}
ELSE = len(COMPARISONS[LAST].levels)


def _levels(secret: str, *identities: dict[str, str]) -> np.ndarray:
    table = table_from([encode_identity(secret=secret, **i) for i in identities])
    n = len(identities)
    left, right = np.triu_indices(n, k=1)
    return comparison_levels(table, left.astype(np.int32), right.astype(np.int32))


def test_it_tells_surname_changes_between_records_of_one_sex(secret: str) -> None:
    married = dict(first_name="Isabelle", last_name="Nisohan", birth_date="1978-03-27", sex="F")
    maiden = dict(married, last_name="Lapehaard")
    man, other_man = dict(married, sex="M"), dict(maiden, sex="M")
    unknown = dict(maiden, sex="")
    levels = _levels(secret, married, maiden, man, other_man, unknown)
    # pairs in triu order: (0,1) (0,2) (0,3) (0,4) (1,2) (1,3) (1,4) (2,3) (2,4) (3,4)
    women, men = levels[0, LAST], levels[7, LAST]
    assert women in ELSE_SAME_SEX and men in ELSE_SAME_SEX and women != men
    assert levels[1, LAST] in (1, 2)  # same surname, sexes differ: names still agree
    assert levels[4, LAST] == ELSE  # surnames and sexes differ
    assert levels[3, LAST] == ELSE  # sex missing on one side


def test_it_never_links_namesakes_born_on_unrelated_dates(secret: str) -> None:
    jean = dict(first_name="Jean", last_name="Fournier", sex="M", commune="59350")
    levels = _levels(
        secret,
        dict(jean, birth_date="1978-05-24"),
        dict(jean, birth_date="2001-11-02"),
        dict(jean, birth_date="1978-05-24", nir="1780559350123"),
        dict(jean, birth_date="2001-11-02", nir="1780559350123"),
        dict(jean, birth_date="1979-05-24"),
    )
    guarded = household_only(levels)
    assert levels[0, DATE] == len(COMPARISONS[DATE].levels) and guarded[0]
    assert not guarded[3]  # (0,4): one year apart, not unrelated
    assert not guarded[7]  # (2,3): unrelated dates, but the NIR agrees


def test_it_blocks_a_married_name_with_a_partial_date(secret: str) -> None:
    married = encode_identity(
        secret=secret, first_name="Isabelle", last_name="Nisohan", birth_date="1978-03-27",
        sex="F", commune="59279",
    )  # fmt: skip
    maiden = encode_identity(
        secret=secret, first_name="ISABELLE", last_name="Lapehaard", birth_date="1978",
        sex="F", commune="59279",
    )  # fmt: skip
    assert set(_chunks(married.blocking)) & set(_chunks(maiden.blocking))


def _chunks(data: bytes) -> list[bytes]:
    return [data[i : i + 8] for i in range(0, len(data), 8)]
