"""Alembic's autogenerate comparison of databases with the reference metadata.

Usage: python compare.py REFERENCE_URL DATABASE_URL...

Reflects REFERENCE_URL (the database Alembic's own DDL built) into a MetaData
and, for each DATABASE_URL, runs alembic.autogenerate.compare_metadata with a
MigrationContext configured as env.py configures it (Alembic's defaults,
which Paciolus's env.py keeps: compare_type on, compare_server_default off):
with the include_name filter of env.py (the very block docs/alembic.md
shows), "with_filter"; with it and compare_server_default on as well,
"with_filter_server_defaults"; and without the filter, "without_filter".
Prints one JSON object, {url: {key: [difference, ...]}}, each difference
one line of text.
"""
import json
import os
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, pool

BEGIN = "# --- begin pschema include_name"
END = "# --- end pschema include_name ---"


def include_name_from_env_py():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "env.py")) as f:
        text = f.read()
    start, end = text.index(BEGIN), text.index(END)
    namespace = {}
    exec(compile(text[start:end], "env.py", "exec"), namespace)
    return namespace["include_name"]


def describe(obj):
    table = getattr(obj, "table", None)
    name = getattr(obj, "name", None)
    if table is not None and name is not None:
        return f"{table.name}.{name}"
    return str(name if name is not None else obj)


def render(diff):
    if isinstance(diff, list):  # modify_* operations: one list per column
        return "; ".join(render(d) for d in diff)
    op = diff[0]
    if op.startswith("modify_"):
        _, schema, table, column, info, old, new = diff
        return f"{op} {table}.{column}: {old!r} -> {new!r}"
    if op in ("add_column", "remove_column"):
        _, schema, table, column = diff
        return f"{op} {table}.{column.name}"
    return " ".join([op] + [describe(part) for part in diff[1:]])


def differences(url, metadata, include_name, compare_server_default=False):
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            opts = {"target_metadata": metadata, "render_as_batch": True}
            if compare_server_default:
                opts["compare_server_default"] = True
            if include_name is not None:
                opts["include_name"] = include_name
            context = MigrationContext.configure(connection=connection, opts=opts)
            return sorted(render(d) for d in compare_metadata(context, metadata))
    finally:
        engine.dispose()


def main():
    reference, urls = sys.argv[1], sys.argv[2:]
    engine = create_engine(reference, poolclass=pool.NullPool)
    metadata = MetaData()
    metadata.reflect(bind=engine)
    engine.dispose()
    include_name = include_name_from_env_py()
    result = {
        url: {
            "with_filter": differences(url, metadata, include_name),
            "with_filter_server_defaults": differences(url, metadata, include_name, True),
            "without_filter": differences(url, metadata, None),
        }
        for url in urls
    }
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
