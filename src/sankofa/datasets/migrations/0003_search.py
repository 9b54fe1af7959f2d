"""The search index of datasets (`sankofa.datasets.search_index`): its tables come from
the search engine of the database's vendor (an FTS5 table on SQLite, a tsvector column
with a GIN index on PostgreSQL), so they are made by code, not by models."""

from typing import Any

from django.db import migrations

INDEX = "datasets_search"  # sankofa.datasets.search_index.INDEX, as it was at this migration


def create(apps: Any, schema_editor: Any) -> None:
    from sankofa.discovery import search

    search.engine(INDEX, schema_editor.connection.alias).create()


def drop(apps: Any, schema_editor: Any) -> None:
    from sankofa.discovery import search

    search.engine(INDEX, schema_editor.connection.alias).drop()


class Migration(migrations.Migration):
    dependencies = [("datasets", "0002_access_and_dois")]
    operations = [migrations.RunPython(create, drop)]
