"""Reading and writing record files: JSON arrays, or CSV with lists and objects as JSON cells."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any


def write_json(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(records, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")


def write_csv(path: Path, records: list[dict[str, Any]]) -> None:
    columns = sorted({key for record in records for key in record})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for record in records:
            writer.writerow({key: _cell(record.get(key)) for key in columns})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict, bool)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def read_records(folder: Path, name: str) -> tuple[Path, list[dict[str, Any]]] | None:
    """`name.json` (an array) or else `name.csv`; None when neither exists."""
    json_path, csv_path = folder / f"{name}.json", folder / f"{name}.csv"
    if json_path.exists():
        with json_path.open(encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, list):
            raise ValueError(f"{json_path.name}: a JSON array of records is expected")
        return json_path, data
    if csv_path.exists():
        with csv_path.open(encoding="utf-8", newline="") as handle:
            return csv_path, [_row(row) for row in csv.DictReader(handle)]
    return None


def _row(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in row.items():
        value = (value or "").strip()
        if not value:
            continue
        if value[0] in "[{" or value in {"true", "false"}:
            try:
                record[key] = json.loads(value)
                continue
            except ValueError:
                pass
        record[key] = value
    return record
