"""The drift-closing migration on a SQLite database Alembic built, holding rows that break
what the models add (standard library only, plus a pschema binary).

    python3 drift_rows.py --pschema BIN [--migrations-dir DIR] [--schema FILE] [--work DIR]

(the migrations and schema default to the repository's: the chain and its drift-closing
revision 7d1f0c3a9e25)

1. Builds Alembic's head on an empty SQLite file by replaying `sqlite/<rev>.sql` in
   `graph.json`'s walk order (the statements Alembic 1.18.4 sent), so `alembic_version`
   holds `b5c6d7e8f9a0`.
2. Fills every table with rows that the drift migration must fix rather than fail on: every
   nullable column NULL (the models make 50 of them NOT NULL), every column with a server
   default left to it (lower-case enum labels such as 'member', 'not_evaluated'), enum
   values as the revisions' labels (lower case) and as the application writes them (upper
   case), legacy tier names (STARTER, TEAM, ORGANIZATION), duplicate tool runs (also one
   `flux_analysis` / `FLUX_ANALYSIS` pair), archive reasons longer than 255 characters,
   `archived_by` naming a user that does not exist (the models add the foreign key).
3. Runs `pschema upgrade head` (the migrations directory must hold `b5c6d7e8f9a0` and the
   drift migration `7d1f0c3a9e25` after it), and checks: the database at `7d1f0c3a9e25`: every row kept (by primary key), every value kept
   except the NULLs filled with the models' Python defaults, enum values moved to the models'
   names, the legacy tiers, the renumbered duplicate runs and the orphaned `archived_by`
   cleared; every enum value one the
   models can load; the schema equal to `models/sqlite.json` (compare_schema.py, column
   order too).
4. `downgrade -1` (back to `b5c6d7e8f9a0`, every row kept, the schema `sqlite/b5c6d7e8f9a0.json`)
   and `upgrade head` again: the rows and the schema as after step 3.

Exits 1 naming each failed check.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the reference data
sys.path.insert(0, HERE)
import compare_schema  # noqa: E402
import dump_schema  # noqa: E402


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return json.load(f)


def build_alembic_head(path: str) -> None:
    graph = load("graph.json")
    conn = sqlite3.connect(path, isolation_level=None)
    for rev in graph["walk_order"]:
        with open(os.path.join(HERE, "sqlite", f"{rev}.sql"), encoding="utf-8") as f:
            conn.executescript(f.read())
    conn.close()


def head_enums():
    """Per (table, column) of Alembic's head: the enum type, from the PostgreSQL walk (the
    three columns whose PostgreSQL statement failed are named by hand), and the labels the
    revisions mean at the head."""
    pg = load("postgres/continued-head.json")
    drift = load("drift.json")
    labels = dict(pg["enums"])
    for item in drift["enums"]["items"]:
        labels[item["enum"]] = item["a"]
    columns = {("clients", "reporting_framework"): "reportingframework", ("clients", "entity_type"): "entitytype"}
    for t, v in pg["tables"].items():
        for c in v["columns"]:
            if c["declared_type"] in labels:
                columns[(t, c["name"])] = c["declared_type"]
    return columns, labels


def fill_rows(path: str):
    """Two rows per table (ids 1 and 2, keys pointing at rows 1 and 2), then the special ones."""
    head = load("sqlite/b5c6d7e8f9a0.json")
    enum_of, labels = head_enums()
    models = load("models/metadata.json")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for t, v in head["tables"].items():
        fks = {f["from"][0] for f in v["foreign_keys"]}
        for i in (1, 2):
            names, values = [], []
            for c in v["columns"]:
                n, ty = c["name"], c["declared_type"]
                if c["default"] is not None and i == 1:
                    continue  # the server default
                if not c["not_null"] and not c["pk"]:
                    names.append(n)
                    values.append(None)
                    continue
                names.append(n)
                if (t, n) in enum_of:
                    # Row 1 as the revisions write it, row 2 as the application does.
                    lab = labels[enum_of[(t, n)]]
                    app = [m for m in models["enums"][enum_of[(t, n)]]["labels"] if m.lower() == lab[0].lower()]
                    values.append(lab[0] if i == 1 else app[0])
                elif c["pk"] and ty == "INTEGER":
                    values.append(i)
                elif n in fks or ty == "INTEGER":
                    values.append(i)
                elif ty.startswith("VARCHAR") or ty == "TEXT":
                    values.append(f"{t}.{n}.{i}")
                elif ty == "BOOLEAN":
                    values.append(1)
                elif ty.startswith("NUMERIC") or ty == "FLOAT":
                    values.append(12.5)
                elif ty in ("DATETIME", "DATE"):
                    values.append("2026-01-0%d 10:00:00" % i if ty == "DATETIME" else "2026-01-0%d" % i)
                elif ty == "BLOB":
                    values.append(b"x")
                else:
                    raise SystemExit(f"no value for {t}.{n} {ty}")
            q = ", ".join("?" for _ in names)
            conn.execute(f'INSERT INTO "{t}" ({", ".join(chr(34) + n + chr(34) for n in names)}) VALUES ({q})', values)
    # Enum values as the application writes them, legacy tiers.
    conn.execute("UPDATE users SET tier = 'STARTER' WHERE id = 2")
    conn.execute("INSERT INTO users (id, email, hashed_password, tier) VALUES (3, 'u3', 'h', 'TEAM'), (4, 'u4', 'h', 'ORGANIZATION'), (5, 'u5', 'h', 'PROFESSIONAL')")
    # Duplicate tool runs: three of (1, TRIAL_BALANCE, 1), and flux_analysis / FLUX_ANALYSIS at 7.
    conn.execute("UPDATE tool_runs SET tool_name = 'TRIAL_BALANCE', run_number = 1, engagement_id = 1")
    conn.execute(
        "INSERT INTO tool_runs (id, engagement_id, tool_name, run_number, status, run_at) VALUES "
        "(3, 1, 'TRIAL_BALANCE', 1, 'COMPLETED', '2026-01-03'), (4, 1, 'TRIAL_BALANCE', 2, 'COMPLETED', '2026-01-04'), "
        "(5, 1, 'flux_analysis', 7, 'COMPLETED', '2026-01-05'), (6, 1, 'FLUX_ANALYSIS', 7, 'FAILED', '2026-01-06'), "
        "(7, 2, 'TRIAL_BALANCE', 1, 'COMPLETED', '2026-01-07')"
    )
    long_reason = "r" * 300
    for t in ("analytical_expectations", "uncorrected_misstatements"):
        conn.execute(f"UPDATE {t} SET archive_reason = ? WHERE id = 2", (long_reason,))
        # archived by a user that no longer exists: the new foreign key would fail.
        conn.execute(f"UPDATE {t} SET archived_by = 99, archived_at = '2026-01-09 10:00:00' WHERE id = 1")
    conn.close()


ORPHANED = ("analytical_expectations", "uncorrected_misstatements")


def snapshot(path: str) -> dict:
    conn = sqlite3.connect(path)
    out = {}
    for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if t in ("alembic_version", "pschema_history"):
            continue
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
        pk = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")') if r[5]][0]
        rows = {}
        for row in conn.execute(f'SELECT * FROM "{t}"'):
            d = dict(zip(cols, row))
            rows[d[pk]] = d
        out[t] = rows
    conn.close()
    return out


DRIFT = "7d1f0c3a9e25"  # the drift-closing revision


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pschema", required=True)
    root = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
    p.add_argument("--migrations-dir", default=os.path.join(root, "migrations"))
    p.add_argument("--schema", default=os.path.join(root, "schema", "paciolus.pschema"))
    p.add_argument("--work", help="keep the databases here")
    o = p.parse_args(argv)
    work = o.work or tempfile.mkdtemp(prefix="drift_rows_")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "alembic-head.db")
    if os.path.exists(db):
        os.remove(db)
    build_alembic_head(db)
    fill_rows(db)
    before = snapshot(db)
    def pschema(*args):
        run = subprocess.run(
            [o.pschema, "--schema", o.schema, "--migrations-dir", o.migrations_dir,
             "--database-url", "sqlite:///" + os.path.abspath(db), *args],
            capture_output=True, text=True,
        )
        print(run.stdout + run.stderr)
        return run.returncode == 0

    def version():
        conn = sqlite3.connect(db)
        try:
            return sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
        finally:
            conn.close()

    if not pschema("upgrade", "head"):
        print("FAILED: upgrade head")
        return 1
    after = snapshot(db)

    models = load("models/metadata.json")
    fails = []
    if version() != [DRIFT]:
        fails.append(f"alembic_version {version()}, expected [{DRIFT!r}]")
    name_of = {}  # enum type -> lower-case head label -> models' name
    for e, v in models["enums"].items():
        name_of[e] = {lab.lower(): lab for lab in v["labels"]}
    enum_of, _ = head_enums()
    legacy = {"STARTER": "SOLO", "TEAM": "SOLO", "ORGANIZATION": "FREE"}

    def fill_value(t, c):
        d = models["tables"][t]["columns"].get(c, {}).get("python_default")
        return d

    renumbered = 0
    for t, rows in before.items():
        if t not in after:
            fails.append(f"table {t} is gone")
            continue
        if set(rows) != set(after[t]):
            fails.append(f"{t}: rows {sorted(rows)} -> {sorted(after[t])}")
        for k, row in rows.items():
            new = after[t].get(k)
            if new is None:
                continue
            for c, v in row.items():
                w = new.get(c, "<dropped>")
                if w == v:
                    continue
                if v is None and w is not None and fill_value(t, c) is not None:
                    continue  # NULL filled (checked against the models' default below)
                if (t, c) in enum_of:
                    e = enum_of[(t, c)]
                    if name_of.get(e, {}).get(str(v).lower()) == w or (t, c) == ("users", "tier") and legacy.get(v) == w:
                        continue
                if c == "archived_by" and v == 99 and w is None and t in ORPHANED:
                    continue  # orphan cleared
                if (t, c) == ("tool_runs", "run_number"):
                    renumbered += 1
                    continue
                fails.append(f"{t}[{k}].{c}: {v!r} -> {w!r}")
    # NULL fills are the models' Python defaults.
    for t, rows in after.items():
        for k, row in rows.items():
            for c, w in row.items():
                d = models["tables"].get(t, {}).get("columns", {}).get(c, {})
                if not d:
                    continue
                b = before.get(t, {}).get(k, {}).get(c, "<new>")
                if b is None and w is not None and "python_default" in d:
                    pd = d["python_default"]
                    if "value" in pd and "enum_member" not in pd:
                        ok = (w == pd["value"]) or (isinstance(pd["value"], bool) and w == int(pd["value"]))
                        if not ok:
                            fails.append(f"{t}[{k}].{c}: filled with {w!r}, the models' default is {pd['value']!r}")
                    elif "callable" in pd and not re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", str(w)):
                        fails.append(f"{t}[{k}].{c}: filled with {w!r}, not a timestamp")
    # Every enum value is one the models can load.
    for (t, c), e in enum_of.items():
        allowed = set(models["enums"][e]["labels"])
        for k, row in after.get(t, {}).items():
            if row.get(c) is not None and row[c] not in allowed:
                fails.append(f"{t}[{k}].{c} = {row[c]!r}: not a label of the models' {e}")
    # tool runs: unique, and the duplicates took new numbers.
    seen = {}
    for k, row in after["tool_runs"].items():
        key = (row["engagement_id"], row["tool_name"], row["run_number"])
        if key in seen:
            fails.append(f"tool_runs {key}: rows {seen[key]} and {k}")
        seen[key] = k
    if renumbered != 3:
        fails.append(f"tool_runs: {renumbered} runs renumbered, expected 3 (ids 2, 3, 6)")
    for t in ORPHANED:
        if after[t][1]["archived_by"] is not None or after[t][1]["archived_at"] is None:
            fails.append(f"{t}[1]: the orphaned archived_by is {after[t][1]['archived_by']!r}, archived_at {after[t][1]['archived_at']!r}")
        if len(after[t][2]["archive_reason"]) != 300:
            fails.append(f"{t}.archive_reason: cut on SQLite")
    # The schema is the models'.
    dumped = os.path.join(work, "after.json")
    dump_schema.write_json(dump_schema.dump_sqlite(db), dumped)
    opts = argparse.Namespace(order=True, fk_names=True, index_origin=False, alembic_version=False,
                              keep_pschema_tables=False, ignore_table=None)
    diffs, notes = compare_schema.compare(load("models/sqlite.json"), json.load(open(dumped)), opts)
    fails += [f"schema: {d}" for d in diffs]
    for n in notes:
        print("note: " + n)
    # Down and up again, with the rows.
    if not pschema("downgrade", "-1"):
        fails.append("downgrade -1")
    else:
        if version() != ["b5c6d7e8f9a0"]:
            fails.append(f"after downgrade -1: alembic_version {version()}")
        down = snapshot(db)
        for t_, rows in before.items():
            if set(rows) != set(down.get(t_, {})):
                fails.append(f"after downgrade -1: {t_} rows {sorted(rows)} -> {sorted(down.get(t_, {}))}")
        dumped_down = os.path.join(work, "down.json")
        dump_schema.write_json(dump_schema.dump_sqlite(db), dumped_down)
        o2 = argparse.Namespace(order=True, fk_names=False, index_origin=True, alembic_version=False,
                                keep_pschema_tables=False, ignore_table=None)
        diffs, _ = compare_schema.compare(load("sqlite/b5c6d7e8f9a0.json"), json.load(open(dumped_down)), o2)
        fails += [f"after downgrade -1, schema: {d}" for d in diffs]
        if not pschema("upgrade", "head"):
            fails.append("upgrade head after downgrade -1")
        else:
            again = snapshot(db)
            if again != after:
                bad = [t_ for t_ in after if again.get(t_) != after[t_]]
                fails.append(f"down and up again: rows differ from the first upgrade in {bad}")
            dumped_again = os.path.join(work, "again.json")
            dump_schema.write_json(dump_schema.dump_sqlite(db), dumped_again)
            diffs, _ = compare_schema.compare(load("models/sqlite.json"), json.load(open(dumped_again)), opts)
            fails += [f"down and up again, schema: {d}" for d in diffs]
    total = sum(len(r) for r in before.values())
    print(f"{len(before)} tables, {total} rows before; {sum(len(r) for r in after.values())} rows after; "
          f"{renumbered} tool runs renumbered; database in {db}")
    for f in fails:
        print("FAILED: " + f)
    print("ok" if not fails else f"{len(fails)} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
