"""Compare a schema dump (dump_schema.py) with a reference dump.

    python compare_schema.py sqlite GOT.json REF.json      # everything the issue names
    python compare_schema.py cross  GOT_PG.json REF_SQLITE.json  # a PostgreSQL dump against
        SQLite's reference: names, nullability, primary keys, indexes (by name; UNIQUE
        constraints by columns), foreign keys; not types or defaults, which differ by dialect
    python compare_schema.py postgres GOT.json REF.json    # as sqlite, plus enum types
    python compare_schema.py continued GOT.json postgres/continued-head.json DRIFT.json
        # as postgres, after leaving out of GOT the enum types and columns that
        # drift.json marks caused_by_pg_failure: what Alembic's failing statements
        # never made, and pschema's chain does

Prints each difference and exits 1 when there is one. The stored CREATE TABLE text is
never compared (Alembic's batch mode changes it from run to run).
"""
import json
import sys


def table_view(t, mode):
    cols = []
    for c in t["columns"]:
        if mode == "cross":
            cols.append((c["name"], c["not_null"], c["pk"]))
        else:
            cols.append((c["name"], c["declared_type"], c["not_null"], c["default"], c["pk"]))
    idx = set()
    for i in t["indexes"]:
        if i["origin"] == "pk":
            continue
        if i["origin"] == "u" or i["name"].startswith("sqlite_autoindex"):
            idx.add(("unique-constraint", i["unique"], tuple(i["columns"])))
        else:
            idx.add((i["name"], i["unique"], tuple(i["columns"])))
    fks = set((tuple(f["from"]), f["table"], tuple(f["to"]), f["on_delete"]) for f in t["foreign_keys"])
    return cols, idx, fks


def main():
    mode, got_path, ref_path = sys.argv[1:4]
    got, ref = json.load(open(got_path)), json.load(open(ref_path))
    if mode == "continued":
        drift = json.load(open(sys.argv[4]))
        for item in drift["postgres"]["items"]:
            if not item.get("caused_by_pg_failure"):
                continue
            if item["kind"] == "enum_only_in_b":
                got["enums"].pop(item["enum"], None)
                print(f"left out: enum {item['enum']} ({item['caused_by_pg_failure']} fails there on Alembic)")
            elif item["kind"] == "column_only_in_b":
                t = got["tables"][item["table"]]
                t["columns"] = [c for c in t["columns"] if c["name"] != item["column"]]
                print(f"left out: column {item['table']}.{item['column']} ({item['caused_by_pg_failure']} fails there on Alembic)")
            else:
                raise SystemExit(f"unexpected item {item}")
        mode = "postgres"
    diffs = []
    skip = {"pschema_history"}  # pschema's own table; Alembic's references have no such table
    gt = {k: v for k, v in got["tables"].items() if k not in skip}
    rt = {k: v for k, v in ref["tables"].items() if k not in skip}
    for name in sorted(set(gt) | set(rt)):
        if name not in gt:
            diffs.append(f"table {name}: missing")
            continue
        if name not in rt:
            diffs.append(f"table {name}: not in the reference")
            continue
        gc, gi, gf = table_view(gt[name], mode)
        rc, ri, rf = table_view(rt[name], mode)
        if gc != rc:
            for k in range(max(len(gc), len(rc))):
                a = gc[k] if k < len(gc) else None
                b = rc[k] if k < len(rc) else None
                if a != b:
                    diffs.append(f"table {name}: column {k}: got {a}, reference {b}")
        for i in sorted(gi - ri, key=str):
            diffs.append(f"table {name}: index only got: {i}")
        for i in sorted(ri - gi, key=str):
            diffs.append(f"table {name}: index only in the reference: {i}")
        for f in sorted(gf - rf, key=str):
            diffs.append(f"table {name}: foreign key only got: {f}")
        for f in sorted(rf - gf, key=str):
            diffs.append(f"table {name}: foreign key only in the reference: {f}")
    if mode == "postgres":
        ge, re_ = got.get("enums", {}), ref.get("enums", {})
        for e in sorted(set(ge) | set(re_)):
            if ge.get(e) != re_.get(e):
                diffs.append(f"enum {e}: got {ge.get(e)}, reference {re_.get(e)}")
    for d in diffs:
        print(d)
    sys.exit(1 if diffs else 0)


main()
