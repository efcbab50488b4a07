"""Rows collected for the bulk writer: ids handed out as rows are made (so they can point at each other),
all rows of a table written in one go at the end."""

from collections.abc import Sequence

from django.db.models import Model

from .writer import BulkWriter


class Rows:
    def __init__(self, writer: BulkWriter) -> None:
        self.writer = writer
        self.tables: dict[type[Model], tuple[tuple[str, ...], list[tuple]]] = {}

    def new_id(self, model: type[Model]) -> int:
        return self.writer.reserve(model, 1)

    def add(self, model: type[Model], fields: Sequence[str], row: tuple) -> None:
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = (tuple(fields), [])
        table[1].append(row)

    def count(self, model: type[Model]) -> int:
        table = self.tables.get(model)
        return len(table[1]) if table else 0

    def flush(self) -> None:
        for model, (fields, rows) in self.tables.items():
            self.writer.write(model, fields, rows)
        self.tables.clear()
