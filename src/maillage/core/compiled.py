"""Reads compiled to SQL once per process, for the most read pages.

Django compiles a queryset to SQL each time it is evaluated: with two or three joins this costs
0.3–1 ms, more than the database takes to run the query. A page that shows a dozen sections of
one person's file runs a dozen queries whose SQL never changes but for the file's id. A
`CompiledRead` compiles its queryset once, with stand-in values, and on each call runs the same
SQL with the real values bound in their place; rows go through the ORM's own converters.

On PostgreSQL the values travel apart from the SQL (server-side binding), so that the server
prepares each read once per connection (`prepare_threshold` in settings) instead of parsing and
planning it on every page. Django's own queries keep binding on the client, which some of them
need (the same expression with a parameter twice in one query).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, QuerySet
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class Parameter:
    """A value bound on each call: the field it is compared with (which turns it into what the
    database stores), and two values of that field, to compile with, that no call passes."""

    field: Field[Any, Any]
    stand_ins: tuple[Any, Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, tuple[int, ...]]  # where each value sits in `params`
    compiler: SQLCompiler


class CompiledRead:
    """`build(**values)`, a `values_list` queryset, run for any values of its `parameters`.

    `build` must give the same SQL for every value and depend on nothing else. Compiled again
    with each parameter's second stand-in, the SQL must stay the same and the parameters differ
    only where that value sits: a queryset that reads the clock (`timezone.now()`) is refused
    for that reason (`Now()` is the way). A parameter may go unused (nothing is bound)."""

    def __init__(self, build: Callable[..., QuerySet[Any]], **parameters: Parameter) -> None:
        self.build = build
        self.parameters = parameters
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[tuple[Any, ...]]:
        compiled = self._compiled.get(using) or self._compile(using)
        bound = list(compiled.params)
        for name, slots in compiled.slots.items():
            stored = self._stored(name, values[name], using)
            for slot in slots:
                bound[slot] = stored
        with _cursor(connections[using]) as cursor:
            cursor.execute(compiled.sql, bound)
            rows = cursor.fetchall()
        return [tuple(row) for row in compiled.compiler.results_iter(results=[rows])]

    def _compile(self, using: str) -> _Compiled:
        first = {name: parameter.stand_ins[0] for name, parameter in self.parameters.items()}
        sql, params, compiler = self._sql(first, using)
        slots = {}
        for name, parameter in self.parameters.items():
            other_sql, other_params, _ = self._sql({**first, name: parameter.stand_ins[1]}, using)
            stored = self._stored(name, first[name], using)
            slots[name] = tuple(n for n, param in enumerate(params) if param == stored)
            pairs = zip(params, other_params, strict=True) if sql == other_sql else []
            if tuple(n for n, (a, b) in enumerate(pairs) if a != b) != slots[name]:
                raise ValueError(f"{self.build!r} must use {name}, if at all, only as a parameter")
        if not any(slots.values()):
            raise ValueError(f"{self.build!r} uses none of its values")
        compiled = self._compiled[using] = _Compiled(sql, tuple(params), slots, compiler)
        return compiled

    def _sql(self, values: dict[str, Any], using: str) -> tuple[str, tuple[Any, ...], SQLCompiler]:
        compiler = self.build(**values).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return sql, tuple(params), compiler

    def _stored(self, name: str, value: Any, using: str) -> Any:
        return self.parameters[name].field.get_db_prep_value(value, connections[using], False)


def _cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor logged and counted as Django's own; on PostgreSQL, one that binds on the server."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.validate_thread_sharing()
    connection.ensure_connection()
    cursor: Any = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
