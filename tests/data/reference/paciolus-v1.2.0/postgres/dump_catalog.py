"""Dump the PostgreSQL catalog of schema `public` as catalog.json.

Usage: python dump_catalog.py DSN OUTPUT_PATH
"""
import json
import sys

import psycopg2

ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def main() -> None:
    dsn, out_path = sys.argv[1], sys.argv[2]
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()

    cur.execute(
        """
        SELECT c.oid, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relname <> 'alembic_version'
        ORDER BY c.relname
        """
    )
    tables = {}
    for oid, relname in cur.fetchall():
        # primary key column positions
        cur.execute(
            "SELECT conkey FROM pg_constraint WHERE conrelid = %s AND contype = 'p'", (oid,)
        )
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
                {
                    "name": name,
                    "declared_type": typ,
                    "not_null": bool(notnull),
                    "default": default,
                    "pk": pk_pos.get(attnum, 0),
                }
            )

        cur.execute(
            """
            SELECT ic.relname, i.indisunique, i.indisprimary,
                   EXISTS (SELECT 1 FROM pg_constraint k
                           WHERE k.conindid = i.indexrelid AND k.contype = 'u'
                             AND k.conrelid = i.indrelid),
                   i.indkey::int2[]
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = %s
            """,
            (oid,),
        )
        indexes = []
        for name, unique, primary, uc, indkey in cur.fetchall():
            key_cols = []
            for k in indkey:
                if k == 0:
                    raise SystemExit(f"expression index {name} is not supported")
                key_cols.append(attnames[k])
            indexes.append(
                {
                    "name": name,
                    "unique": bool(unique),
                    "origin": "pk" if primary else ("u" if uc else "c"),
                    "columns": key_cols,
                }
            )
        indexes.sort(key=lambda x: x["name"])

        cur.execute(
            """
            SELECT rc.relname, k.conkey, k.confkey, k.confupdtype, k.confdeltype, k.confrelid
            FROM pg_constraint k JOIN pg_class rc ON rc.oid = k.confrelid
            WHERE k.conrelid = %s AND k.contype = 'f'
            """,
            (oid,),
        )
        fks = []
        for reftable, conkey, confkey, upd, dele, refoid in cur.fetchall():
            cur.execute(
                "SELECT attnum, attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0",
                (refoid,),
            )
            refnames = dict(cur.fetchall())
            fks.append(
                {
                    "table": reftable,
                    "from": [attnames[a] for a in conkey],
                    "to": [refnames[a] for a in confkey],
                    "on_update": ACTIONS[upd],
                    "on_delete": ACTIONS[dele],
                }
            )
        fks.sort(key=lambda x: (x["from"], x["table"]))

        cur.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s AND contype = 'c'",
            (oid,),
        )
        checks = sorted(r[0] for r in cur.fetchall())

        tables[relname] = {
            "columns": columns,
            "indexes": indexes,
            "foreign_keys": fks,
            "checks": checks,
            "sql": "",
        }

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
    enums = {}
    for typname, label in cur.fetchall():
        enums.setdefault(typname, []).append(label)

    conn.close()
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"tables": tables, "enums": enums}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
