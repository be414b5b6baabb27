"""The same encoded comparisons run by Splink, on DuckDB here or Spark nationally.

Bloom filters are passed as 64-bit integer columns so that Dice similarity is
plain SQL (`bit_count(a & b)`) that DuckDB and Spark both run; exact fields and
date parts are keyed hashes compared for equality. Splink's EM training,
prediction and connected-components clustering then work unchanged.

`cluster_table_splink(table, threshold, db_api=SparkAPI(spark_session=spark))`
runs it on Spark; the default is an in-memory DuckDB.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maillage.linkage.table import EXACT_FIELDS, NAME_FIELDS, EncodedTable

# Thresholds on the Dice of the noisy filters (the SQL compares them as stored):
# identical names score about 0.88, one typo about 0.65.
NAME_THRESHOLDS = (0.82, 0.62, 0.42)
# Splink links pairs more likely than not the same person (connected components).
DEFAULT_THRESHOLD = 0.5

WORDS = ("0", "1", "2", "3")
DATE_COLUMNS = ("d_ymd", "d_ym", "d_yd", "d_md", "d_dm", "d_y", "d_yn")


def encoded_frame(table: EncodedTable) -> pd.DataFrame:
    """One row per record; NULL where a field is missing."""
    columns: dict[str, Any] = {"unique_id": np.arange(len(table), dtype=np.int64)}
    names = table.names.view(np.int64)
    for f, field in enumerate(NAME_FIELDS):
        present = table.name_bits[:, f] > 0
        for w in range(names.shape[2]):
            columns[f"{field}_{w}"] = _nullable(names[:, f, w], present)
        columns[f"{field}_bits"] = _nullable(table.name_bits[:, f].astype(np.int64), present)
    for d, column in enumerate(DATE_COLUMNS):
        columns[column] = _nullable(table.dates[:, d].view(np.int64), table.dates[:, d] != 0)
    for e, field in enumerate(EXACT_FIELDS):
        columns[field] = _nullable(table.exact[:, e].view(np.int64), table.exact[:, e] != 0)
    columns["blocking_keys"] = _key_lists(table)
    return pd.DataFrame(columns)


def _nullable(values: np.ndarray, present: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(values.astype(np.int64), mask=~present)


def _key_lists(table: EncodedTable) -> list[list[int]]:
    keys = table.block_keys.view(np.int64)
    bounds = np.searchsorted(table.block_records, np.arange(len(table) + 1))
    return [keys[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def dice_sql(a: str, b: str) -> str:
    shared = " + ".join(f"bit_count({a}_{w}_l & {b}_{w}_r)" for w in WORDS)
    return f"(2.0 * ({shared}) / ({a}_bits_l + {b}_bits_r))"


def _name_levels(similarity: str, column: str) -> list[dict[str, Any]]:
    null = {"sql_condition": f"{column}_bits_l IS NULL OR {column}_bits_r IS NULL"}
    levels: list[dict[str, Any]] = [{**null, "is_null_level": True}]
    levels += [{"sql_condition": f"{similarity} >= {t}"} for t in NAME_THRESHOLDS]
    return levels + [{"sql_condition": "ELSE"}]


def _first_name_comparison() -> dict[str, Any]:
    levels = _name_levels(dice_sql("first_name", "first_name"), "first_name")
    swapped = (
        f"{dice_sql('first_name', 'last_name')} >= {NAME_THRESHOLDS[0]} AND "
        f"{dice_sql('last_name', 'first_name')} >= {NAME_THRESHOLDS[0]}"
    )
    levels.insert(2, {"sql_condition": swapped, "label_for_charts": "swapped names"})
    return {"output_column_name": "first_name", "comparison_levels": levels}


def _last_name_comparison() -> dict[str, Any]:
    pairs = [("last_name", "last_name"), ("last_name", "birth_name")]
    pairs += [("birth_name", "last_name"), ("birth_name", "birth_name")]
    best = "greatest(" + ", ".join(dice_sql(a, b) for a, b in pairs) + ")"
    return {"output_column_name": "last_name", "comparison_levels": _name_levels(best, "last_name")}


def _date_comparison() -> dict[str, Any]:
    def eq(a: str, b: str | None = None) -> str:
        return f"{a}_l = {b or a}_r"

    either_partial = "(d_ymd_l IS NULL OR d_ymd_r IS NULL)"
    month_ok = f"({eq('d_ym')} OR d_ym_l IS NULL OR d_ym_r IS NULL)"
    one_part = " OR ".join([eq("d_ym"), eq("d_yd"), eq("d_md"), eq("d_dm", "d_ymd")])
    one_part += " OR d_ymd_l = d_dm_r"
    conditions = [
        ("d_y_l IS NULL OR d_y_r IS NULL", "null"),
        (eq("d_ymd"), "exact"),
        (f"{eq('d_y')} AND {either_partial} AND {month_ok}", "partial agrees"),
        (one_part, "one part differs"),
        (eq("d_y"), "year only"),
        (f"{eq('d_yn', 'd_y')} OR d_y_l = d_yn_r", "year +/- 1"),
        ("ELSE", "else"),
    ]
    levels: list[dict[str, str | bool]] = [
        {"sql_condition": c, "label_for_charts": label} for c, label in conditions
    ]
    levels[0]["is_null_level"] = True
    return {"output_column_name": "birth_date", "comparison_levels": levels}


def _exact_comparison(field: str) -> dict[str, Any]:
    levels = [
        {"sql_condition": f"{field}_l IS NULL OR {field}_r IS NULL", "is_null_level": True},
        {"sql_condition": f"{field}_l = {field}_r", "label_for_charts": "agree"},
        {"sql_condition": "ELSE", "label_for_charts": "disagree"},
    ]
    return {"output_column_name": field, "comparison_levels": levels}


def settings() -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": [
            _first_name_comparison(),
            _last_name_comparison(),
            _date_comparison(),
            *(_exact_comparison(field) for field in EXACT_FIELDS),
        ],
        "blocking_rules_to_generate_predictions": [
            {
                "blocking_rule": "l.blocking_keys = r.blocking_keys",
                "arrays_to_explode": ["blocking_keys"],
            }
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def train_and_predict(linker: Any, threshold: float) -> pd.DataFrame:
    linker.training.estimate_probability_two_random_records_match(
        ["l.d_ymd = r.d_ymd AND l.phone = r.phone", "l.nir = r.nir"], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=0)
    for rule in ("l.d_ymd = r.d_ymd", "l.phone = r.phone", "l.nir = r.nir"):
        _train_on(linker, rule)
    predictions = linker.inference.predict(threshold_match_probability=threshold / 2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    return clusters.as_pandas_dataframe()


def _input_for(db_api: Any, table: EncodedTable) -> Any:
    """A pandas frame, or for Spark a Spark frame with an explicit schema
    (Spark cannot infer the type of an all-NULL column)."""
    frame = encoded_frame(table)
    spark = getattr(db_api, "spark", None)
    if spark is None:
        return frame
    schema = ", ".join(f"`{c}` bigint" for c in frame.columns if c != "blocking_keys")
    rows = frame.astype(object).where(frame.notna(), None)
    return spark.createDataFrame(rows, schema=schema + ", blocking_keys array<bigint>")


def _train_on(linker: Any, rule: str) -> None:
    from splink.internals.exceptions import EMTrainingException

    try:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    except EMTrainingException:
        pass  # the field is absent from this data set; other sessions cover it


def cluster_table_splink(
    table: EncodedTable, threshold: float | None = None, db_api: Any = None
) -> np.ndarray:
    """Cluster labels per record, computed by Splink on the encodings."""
    from splink import DuckDBAPI, Linker

    db_api = db_api or DuckDBAPI()
    linker = Linker(db_api.register(_input_for(db_api, table)), settings(), log_level=None)
    frame = train_and_predict(linker, DEFAULT_THRESHOLD if threshold is None else threshold)
    labels = np.arange(len(table))
    ids = frame["unique_id"].to_numpy(dtype=np.int64)
    _, cluster = np.unique(frame["cluster_id"].to_numpy(), return_inverse=True)
    labels[ids] = len(table) + cluster
    return np.unique(labels, return_inverse=True)[1]
