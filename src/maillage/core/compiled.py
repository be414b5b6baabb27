"""Reads compiled to SQL once per process, for the most read pages.

Django compiles a queryset to SQL each time it is evaluated: with two or three joins this costs
0.3–1 ms, more than the database takes to run the query. A page that shows a dozen sections of
one person's file runs a dozen queries whose SQL never changes but for the file's id. A
`CompiledRead` compiles its queryset once, with a stand-in value, and on each call runs the same
SQL with the real value bound in its place; rows go through the ORM's own converters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, QuerySet
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]  # where the value sits in `params`
    compiler: SQLCompiler


class CompiledRead:
    """`build(value)`, a `values_list` queryset, run for any `value` of `field`.

    `build` must give the same SQL for every value and depend on nothing else: compiled with
    two different `stand_ins`, the two must differ only where the value sits. A queryset that
    reads the clock (`timezone.now()`) is refused for that reason; `Now()` is the way."""

    def __init__(
        self,
        build: Callable[[Any], QuerySet[Any]],
        field: Field[Any, Any],
        stand_ins: tuple[Any, Any],
    ) -> None:
        self.build = build
        self.field = field
        self.stand_ins = stand_ins
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, value: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        compiled = self._compiled.get(using) or self._compile(using)
        bound = list(compiled.params)
        stored = self.field.get_db_prep_value(value, connections[using], prepared=False)
        for slot in compiled.slots:
            bound[slot] = stored
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, bound)
            rows = cursor.fetchall()
        return [tuple(row) for row in compiled.compiler.results_iter(results=[rows])]

    def _compile(self, using: str) -> _Compiled:
        (sql, params, compiler), (other_sql, other_params, _) = (
            self._sql(stand_in, using) for stand_in in self.stand_ins
        )
        stored = self.field.get_db_prep_value(self.stand_ins[0], connections[using], False)
        slots = tuple(n for n, param in enumerate(params) if param == stored)
        pairs = zip(params, other_params, strict=True) if sql == other_sql else []
        if not slots or tuple(n for n, (a, b) in enumerate(pairs) if a != b) != slots:
            raise ValueError(f"{self.build!r} must use its value, and only it, as a parameter")
        compiled = self._compiled[using] = _Compiled(sql, tuple(params), slots, compiler)
        return compiled

    def _sql(self, stand_in: Any, using: str) -> tuple[str, tuple[Any, ...], SQLCompiler]:
        compiler = self.build(stand_in).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return sql, tuple(params), compiler
