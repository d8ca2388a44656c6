"""Dump a database's schema as JSON, in one shape for SQLite and PostgreSQL.

The shape is that of ../paciolus-v1.2.0/postgres/catalog.json (dump_catalog.py),
extended to SQLite and with the database's alembic_version rows:

    {
      "alembic_version": ["<rev>", ...],          # sorted; [] when the table is missing
      "enums": {"<type>": ["LABEL", ...]},        # PostgreSQL only (labels in sort order)
      "tables": {
        "<table>": {
          "columns": [{"name", "declared_type", "not_null", "default", "pk"}],  # in position order
          "indexes": [{"name", "unique", "origin", "columns"}],  # sorted by name
          "foreign_keys": [{"from", "table", "to", "on_update", "on_delete", "name"}],
          "checks": ["<check clause>", ...],
          "sql": "<CREATE TABLE as stored>"       # SQLite; "" on PostgreSQL
        }
      }
    }

- declared_type: SQLite's declared type (PRAGMA table_xinfo), PostgreSQL's format_type.
- default: the stored default text (SQLite dflt_value, PostgreSQL pg_get_expr) or null.
- pk: the column's position in the primary key, 0 when not in it.
- origin: "pk" (the primary key), "u" (a UNIQUE constraint), "c" (CREATE INDEX).
- checks: PostgreSQL pg_get_constraintdef; SQLite the CHECK (...) clauses found in
  the stored CREATE TABLE text (SQLite has no catalog of them).
- foreign_keys name: PostgreSQL's conname (<table>_<col>_fkey when nobody named it);
  on SQLite the name a CONSTRAINT clause of the stored text gives it, else null.
  (catalog.json has no name; everything else is the same.)
- alembic_version is left out of "tables".

Usage: python dump_schema.py sqlite PATH.db OUT.json
       python dump_schema.py postgres DSN OUT.json
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys

ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def to_json(obj, indent: int = 0, width: int = 120) -> str:
    """JSON with sorted keys, one space of indent per level, and every object or
    list that fits in `width` characters on one line (a column, an index, a key)."""
    flat = json.dumps(obj, sort_keys=True, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(obj, (dict, list)) or not obj:
        return flat
    pad = " " * (indent + 1)
    if isinstance(obj, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {to_json(obj[k], indent + 1, width)}"
                 for k in sorted(obj)]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + to_json(v, indent + 1, width) for v in obj]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def write_json(obj, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_json(obj))
        f.write("\n")


# --------------------------------------------------------------------------- SQLite


def _sqlite_checks(sql: str) -> list[str]:
    """CHECK (...) clauses of a CREATE TABLE text, with balanced parentheses."""
    out = []
    for m in re.finditer(r"\bCHECK\s*\(", sql, flags=re.IGNORECASE):
        i = m.end() - 1
        depth = 0
        in_str = None
        for j in range(i, len(sql)):
            ch = sql[j]
            if in_str:
                if ch == in_str:
                    in_str = None
                continue
            if ch in "'\"":
                in_str = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    out.append(sql[m.start() : j + 1])
                    break
    return sorted(out)


_NAMED_FK = re.compile(
    r'CONSTRAINT\s+("(?:[^"]|"")+"|\w+)\s+FOREIGN\s+KEY\s*\(([^)]*)\)', flags=re.IGNORECASE
)


def _sqlite_fk_names(sql: str) -> dict[tuple, str]:
    """Names of the foreign keys a CREATE TABLE text names (CONSTRAINT x FOREIGN KEY
    (cols)), by their columns: SQLite's catalog does not keep them."""
    unq = lambda s: s.strip().strip('"').replace('""', '"')  # noqa: E731
    return {tuple(unq(c) for c in m.group(2).split(",")): unq(m.group(1)) for m in _NAMED_FK.finditer(sql)}


def dump_sqlite(path: str) -> dict:
    conn = sqlite3.connect(path)
    try:
        return dump_sqlite_conn(conn)
    finally:
        conn.close()


def dump_sqlite_conn(conn: sqlite3.Connection) -> dict:
    cur = conn.cursor()
    q = lambda s: '"' + s.replace('"', '""') + '"'  # noqa: E731
    cur.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    rows = cur.fetchall()
    versions: list[str] = []
    tables = {}
    for name, sql in rows:
        if name == "alembic_version":
            versions = sorted(r[0] for r in cur.execute("SELECT version_num FROM alembic_version"))
            continue
        columns = []
        for _cid, cname, ctype, notnull, dflt, pk, hidden in cur.execute(f"PRAGMA table_xinfo({q(name)})"):
            if hidden:
                continue
            columns.append(
                {"name": cname, "declared_type": ctype, "not_null": bool(notnull), "default": dflt, "pk": pk}
            )
        indexes = []
        for _seq, iname, unique, origin, _partial in cur.execute(f"PRAGMA index_list({q(name)})").fetchall():
            cols = [r[2] for r in sorted(cur.execute(f"PRAGMA index_info({q(iname)})").fetchall())]
            indexes.append({"name": iname, "unique": bool(unique), "origin": origin, "columns": cols})
        indexes.sort(key=lambda x: x["name"])
        fks: dict[int, dict] = {}
        for fid, _seq, ref, frm, to, on_update, on_delete, _match in cur.execute(
            f"PRAGMA foreign_key_list({q(name)})"
        ).fetchall():
            fk = fks.setdefault(
                fid, {"table": ref, "from": [], "to": [], "on_update": on_update, "on_delete": on_delete}
            )
            fk["from"].append(frm)
            fk["to"].append(to)
        names = _sqlite_fk_names(sql or "")
        for fk in fks.values():
            fk["name"] = names.get(tuple(fk["from"]))
        foreign_keys = sorted(fks.values(), key=lambda x: (x["from"], x["table"], x["to"]))
        tables[name] = {
            "columns": columns,
            "indexes": indexes,
            "foreign_keys": foreign_keys,
            "checks": _sqlite_checks(sql or ""),
            "sql": sql or "",
        }
    return {"alembic_version": versions, "enums": {}, "tables": tables}


# --------------------------------------------------------------------------- PostgreSQL


def dump_postgres(dsn: str) -> dict:
    import psycopg2

    conn = psycopg2.connect(dsn)
    try:
        return dump_postgres_conn(conn)
    finally:
        conn.close()


def dump_postgres_conn(conn) -> dict:
    cur = conn.cursor()
    cur.execute(
        """
        SELECT c.oid, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
        """
    )
    versions: list[str] = []
    tables = {}
    for oid, relname in cur.fetchall():
        if relname == "alembic_version":
            cur.execute("SELECT version_num FROM public.alembic_version")
            versions = sorted(r[0] for r in cur.fetchall())
            continue
        cur.execute("SELECT conkey FROM pg_constraint WHERE conrelid = %s AND contype = 'p'", (oid,))
        row = cur.fetchone()
        pk_pos = {attnum: i + 1 for i, attnum in enumerate(row[0])} if row else {}
        cur.execute(
            """
            SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """,
            (oid,),
        )
        attnames = {}
        columns = []
        for attnum, name, typ, notnull, default in cur.fetchall():
            attnames[attnum] = name
            columns.append(
                {"name": name, "declared_type": typ, "not_null": bool(notnull), "default": default,
                 "pk": pk_pos.get(attnum, 0)}
            )
        cur.execute(
            """
            SELECT ic.relname, i.indisunique, i.indisprimary,
                   EXISTS (SELECT 1 FROM pg_constraint k
                           WHERE k.conindid = i.indexrelid AND k.contype = 'u'
                             AND k.conrelid = i.indrelid),
                   i.indkey::int2[], i.indpred IS NOT NULL
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = %s
            """,
            (oid,),
        )
        indexes = []
        for name, unique, primary, uc, indkey, partial in cur.fetchall():
            if partial or 0 in indkey:
                raise SystemExit(f"partial or expression index {name} is not supported by this dump")
            indexes.append(
                {"name": name, "unique": bool(unique), "origin": "pk" if primary else ("u" if uc else "c"),
                 "columns": [attnames[k] for k in indkey]}
            )
        indexes.sort(key=lambda x: x["name"])
        cur.execute(
            """
            SELECT rc.relname, k.conkey, k.confkey, k.confupdtype, k.confdeltype, k.confrelid, k.conname
            FROM pg_constraint k JOIN pg_class rc ON rc.oid = k.confrelid
            WHERE k.conrelid = %s AND k.contype = 'f'
            """,
            (oid,),
        )
        fks = []
        for reftable, conkey, confkey, upd, dele, refoid, conname in cur.fetchall():
            cur.execute("SELECT attnum, attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0", (refoid,))
            refnames = dict(cur.fetchall())
            fks.append(
                {"table": reftable, "from": [attnames[a] for a in conkey], "to": [refnames[a] for a in confkey],
                 "on_update": ACTIONS[upd], "on_delete": ACTIONS[dele], "name": conname}
            )
        fks.sort(key=lambda x: (x["from"], x["table"], x["to"]))
        cur.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s AND contype = 'c'", (oid,)
        )
        checks = sorted(r[0] for r in cur.fetchall())
        tables[relname] = {"columns": columns, "indexes": indexes, "foreign_keys": fks, "checks": checks, "sql": ""}
    cur.execute(
        """
        SELECT t.typname, e.enumlabel
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE n.nspname = 'public'
        ORDER BY t.typname, e.enumsortorder
        """
    )
    enums: dict[str, list[str]] = {}
    for typname, label in cur.fetchall():
        enums.setdefault(typname, []).append(label)
    conn.rollback()
    return {"alembic_version": versions, "enums": enums, "tables": tables}


def main() -> None:
    kind, target, out = sys.argv[1], sys.argv[2], sys.argv[3]
    data = dump_sqlite(target) if kind == "sqlite" else dump_postgres(target)
    write_json(data, out)


if __name__ == "__main__":
    main()
