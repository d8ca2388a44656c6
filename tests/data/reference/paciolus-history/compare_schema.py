"""Compare two schema dumps of dump_schema.py (either dialect, standard library only).

    python3 compare_schema.py A.json B.json [options]

Prints every difference from A to B, one line each, and exits 1 when there is one (0
when the schemas are equal, 2 on a usage error). What is compared:

- tables (as a set);
- columns by name, as a set: declared_type, not_null, default, pk;
- indexes by name: unique and columns (in index order); with --index-origin also the
  origin (pk / u / c). SQLite's automatic indexes (sqlite_autoindex_<table>_<n>, the
  index of a UNIQUE constraint or a non-INTEGER primary key) are compared by their
  columns and uniqueness, not by the number SQLite gave them; PostgreSQL's primary
  key index (<table>_pkey) is compared like any other;
- foreign keys by their columns: table, to, on_delete (and on_update); with
  --fk-names also the name (on SQLite only keys named by a CONSTRAINT clause have one);
- checks, as a set of their text;
- enum types and their labels, in order;
- with --alembic-version, the alembic_version rows.

Column order is not a difference: tables whose columns are in another order are listed
as notes (`note: order ...`), which do not change the exit code; --order makes them
differences. Tables pschema adds for itself (pschema_history) are left out unless
--keep-pschema-tables; --ignore-table NAME (repeatable) leaves out others. --quiet
prints only the count.
"""
from __future__ import annotations

import argparse
import json
import re
import sys

PSCHEMA_TABLES = {"pschema_history"}
AUTOINDEX = re.compile(r"^sqlite_autoindex_(.+)_(\d+)$")


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def index_key(table: str, ix: dict) -> str:
    m = AUTOINDEX.match(ix["name"])
    if m and m.group(1) == table:
        return f"(auto unique {', '.join(ix['columns'])})"
    return ix["name"]


def fmt(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def compare(a: dict, b: dict, opts) -> tuple[list[str], list[str]]:
    diffs: list[str] = []
    notes: list[str] = []
    ignore = set(opts.ignore_table or [])
    if not opts.keep_pschema_tables:
        ignore |= PSCHEMA_TABLES

    if opts.alembic_version and a.get("alembic_version") != b.get("alembic_version"):
        diffs.append(f"alembic_version: {fmt(a.get('alembic_version'))} -> {fmt(b.get('alembic_version'))}")

    ea, eb = a.get("enums", {}), b.get("enums", {})
    for e in sorted(set(ea) | set(eb)):
        if e not in eb:
            diffs.append(f"enum {e}: only in A {fmt(ea[e])}")
        elif e not in ea:
            diffs.append(f"enum {e}: only in B {fmt(eb[e])}")
        elif ea[e] != eb[e]:
            diffs.append(f"enum {e}: labels {fmt(ea[e])} -> {fmt(eb[e])}")

    ta = {k: v for k, v in a["tables"].items() if k not in ignore}
    tb = {k: v for k, v in b["tables"].items() if k not in ignore}
    for t in sorted(set(ta) - set(tb)):
        diffs.append(f"table {t}: only in A")
    for t in sorted(set(tb) - set(ta)):
        diffs.append(f"table {t}: only in B")

    for t in sorted(set(ta) & set(tb)):
        x, y = ta[t], tb[t]
        ca = {c["name"]: c for c in x["columns"]}
        cb = {c["name"]: c for c in y["columns"]}
        for c in sorted(set(ca) - set(cb)):
            diffs.append(f"column {t}.{c}: only in A ({ca[c]['declared_type']})")
        for c in sorted(set(cb) - set(ca)):
            diffs.append(f"column {t}.{c}: only in B ({cb[c]['declared_type']})")
        for c in [c["name"] for c in x["columns"] if c["name"] in cb]:
            for k in ("declared_type", "not_null", "default", "pk"):
                if ca[c].get(k) != cb[c].get(k):
                    diffs.append(f"column {t}.{c}: {k} {fmt(ca[c].get(k))} -> {fmt(cb[c].get(k))}")
        oa = [c["name"] for c in x["columns"] if c["name"] in cb]
        ob = [c["name"] for c in y["columns"] if c["name"] in ca]
        if oa != ob:
            line = f"order {t}: A {', '.join(oa)} / B {', '.join(ob)}"
            (diffs if opts.order else notes).append(line)

        ia = {index_key(t, i): i for i in x["indexes"]}
        ib = {index_key(t, i): i for i in y["indexes"]}
        for i in sorted(set(ia) - set(ib)):
            diffs.append(f"index {t}.{i}: only in A ({'unique ' if ia[i]['unique'] else ''}{', '.join(ia[i]['columns'])})")
        for i in sorted(set(ib) - set(ia)):
            diffs.append(f"index {t}.{i}: only in B ({'unique ' if ib[i]['unique'] else ''}{', '.join(ib[i]['columns'])})")
        for i in sorted(set(ia) & set(ib)):
            keys = ["unique", "columns"] + (["origin"] if opts.index_origin else [])
            for k in keys:
                if ia[i].get(k) != ib[i].get(k):
                    diffs.append(f"index {t}.{i}: {k} {fmt(ia[i].get(k))} -> {fmt(ib[i].get(k))}")

        fa = {tuple(f["from"]): f for f in x["foreign_keys"]}
        fb = {tuple(f["from"]): f for f in y["foreign_keys"]}
        for f in sorted(set(fa) - set(fb)):
            diffs.append(f"foreign key {t}({', '.join(f)}): only in A (-> {fa[f]['table']})")
        for f in sorted(set(fb) - set(fa)):
            diffs.append(f"foreign key {t}({', '.join(f)}): only in B (-> {fb[f]['table']})")
        for f in sorted(set(fa) & set(fb)):
            keys = ["table", "to", "on_delete", "on_update"] + (["name"] if opts.fk_names else [])
            for k in keys:
                if fa[f].get(k) != fb[f].get(k):
                    diffs.append(f"foreign key {t}({', '.join(f)}): {k} {fmt(fa[f].get(k))} -> {fmt(fb[f].get(k))}")

        ka, kb = set(x.get("checks", [])), set(y.get("checks", []))
        for c in sorted(ka - kb):
            diffs.append(f"check {t}: only in A {c}")
        for c in sorted(kb - ka):
            diffs.append(f"check {t}: only in B {c}")
    return diffs, notes


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--order", action="store_true", help="column order differences are differences")
    p.add_argument("--fk-names", action="store_true", help="compare foreign key names")
    p.add_argument("--index-origin", action="store_true", help="compare index origins (pk / u / c)")
    p.add_argument("--alembic-version", action="store_true", help="compare alembic_version rows")
    p.add_argument("--keep-pschema-tables", action="store_true", help="do not leave out pschema_history")
    p.add_argument("--ignore-table", action="append", metavar="NAME")
    p.add_argument("--quiet", action="store_true")
    opts = p.parse_args(argv)
    diffs, notes = compare(load(opts.a), load(opts.b), opts)
    if not opts.quiet:
        for d in diffs:
            print(d)
        for n in notes:
            print("note: " + n)
    print(f"{len(diffs)} difference(s), {len(notes)} note(s): {opts.a} -> {opts.b}", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
