"""The drift-closing migration on a PostgreSQL database pschema built at Alembic's head, with
rows that break what the models add (needs psycopg2 and a pschema binary).

    python3 drift_rows_postgres.py --pschema BIN --url postgresql://.../postgres [--migrations-dir DIR] [--schema FILE]

Alembic's own chain cannot build PostgreSQL past `d5e6f7a8b9c0`, so the database is pschema's:
1. A fresh database `drift_rows_pg` is built by `pschema upgrade b5c6d7e8f9a0` and filled with
   `drift_rows_postgres.sql` (NULLs in the columns the models make NOT NULL, lower-case labels,
   duplicate tool runs, one `flux_analysis` run, a 300-character archive reason, `archived_by`
   naming no user).
2. `upgrade head`: at `7d1f0c3a9e25`, every row kept (by primary key), the NULLs filled with the
   models' defaults, the labels renamed, the duplicate runs renumbered, the reason cut to 255,
   the orphaned `archived_by` cleared; the schema `models/postgres.json` (column order aside:
   PostgreSQL adds columns at the end).
3. `downgrade -1` (every row kept, at `b5c6d7e8f9a0`) and `upgrade head` again: the rows as
   after step 2.

Exits 1 naming each failed check.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_schema  # noqa: E402
import dump_schema  # noqa: E402

DRIFT = "7d1f0c3a9e25"
DB = "drift_rows_pg"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
    p.add_argument("--pschema", required=True)
    p.add_argument("--url", required=True, help="a server URL whose database may create others")
    p.add_argument("--migrations-dir", default=os.path.join(root, "migrations"))
    p.add_argument("--schema", default=os.path.join(root, "schema", "paciolus.pschema"))
    o = p.parse_args(argv)
    admin = psycopg2.connect(o.url)
    admin.autocommit = True
    with admin.cursor() as c:
        c.execute(f"DROP DATABASE IF EXISTS {DB}")
        c.execute(f"CREATE DATABASE {DB}")
    url = o.url.rsplit("/", 1)[0] + "/" + DB

    def pschema(*args):
        run = subprocess.run([o.pschema, "--schema", o.schema, "--migrations-dir", o.migrations_dir,
                              "--database-url", url, *args], capture_output=True, text=True)
        print((run.stdout + run.stderr).strip().splitlines()[-1] if (run.stdout + run.stderr).strip() else "")
        if run.returncode != 0:
            print(run.stdout + run.stderr)
        return run.returncode == 0

    def query(sql):
        conn = psycopg2.connect(url)
        try:
            with conn.cursor() as c:
                c.execute(sql)
                return c.fetchall() if c.description else None
        finally:
            conn.commit()
            conn.close()

    def tables():
        return [r[0] for r in query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                    "AND tablename NOT IN ('alembic_version', 'pschema_history') ORDER BY 1")]

    def snapshot():
        out = {}
        for t in tables():
            cols = [r[0] for r in query(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{t}' ORDER BY column_name")]
            key = "job_name" if t == "scheduler_locks" else ("stripe_event_id" if t == "processed_webhook_events" else "id")
            if key not in cols:
                key = cols[0]
            rows = query(f"SELECT {key}::text, row_to_json(x)::text FROM {t} x")
            out[t] = {k: json.loads(v) for k, v in rows}
        return out

    fails = []
    if not pschema("upgrade", "b5c6d7e8f9a0"):
        print("FAILED: upgrade b5c6d7e8f9a0")
        return 1
    query(open(os.path.join(HERE, "drift_rows_postgres.sql")).read())
    before = snapshot()
    if not pschema("upgrade", "head"):
        print("FAILED: upgrade head")
        return 1
    after = snapshot()
    if [r[0] for r in query("SELECT version_num FROM alembic_version")] != [DRIFT]:
        fails.append("not at " + DRIFT)
    for t, rows in before.items():
        if set(rows) != set(after.get(t, {})):
            fails.append(f"{t}: rows {sorted(rows)} -> {sorted(after.get(t, {}))}")

    def expect(sql, want, what):
        got = query(sql)
        if got != want:
            fails.append(f"{what}: {got!r}, expected {want!r}")

    expect("SELECT id, tier::text, is_active, is_verified, settings, created_at IS NOT NULL FROM users ORDER BY id",
           [(1, "FREE", True, False, "{}", True), (2, "SOLO", True, False, "{}", True)], "users")
    expect("SELECT settings, created_at IS NOT NULL, updated_at IS NOT NULL, reporting_framework::text, entity_type::text FROM clients",
           [("{}", True, True, "AUTO", "OTHER")], "clients")
    expect("SELECT id, tool_name::text, run_number FROM tool_runs ORDER BY id",
           [(1, "TRIAL_BALANCE", 1), (2, "TRIAL_BALANCE", 3), (3, "TRIAL_BALANCE", 4), (4, "TRIAL_BALANCE", 2),
            (5, "FLUX_ANALYSIS", 1)], "tool runs renumbered")
    expect("SELECT total_assets, was_balanced, anomaly_count, row_count, materiality_threshold, timestamp IS NOT NULL FROM diagnostic_summaries",
           [(0, True, 0, 0, 0, True)], "diagnostic_summaries filled")
    expect("SELECT anomaly_count, material_count, immaterial_count, is_consolidated, timestamp IS NOT NULL FROM activity_logs",
           [(0, 0, 0, False, True)], "activity_logs filled")
    expect("SELECT role::text, joined_at IS NOT NULL FROM organization_members", [("MEMBER", True)], "organization_members")
    expect("SELECT role::text, status::text FROM organization_invites", [("MEMBER", "PENDING")], "organization_invites")
    expect("SELECT tier::text, status::text, billing_interval::text FROM subscriptions", [("free", "ACTIVE", "MONTHLY")], "subscriptions")
    expect("SELECT id, event_type::text FROM billing_events ORDER BY id", [(1, "TRIAL_ENDING"), (2, "PAYMENT_FAILED")], "billing_events")
    expect("SELECT archived_by, archived_at IS NOT NULL, length(archive_reason), result_status::text FROM analytical_expectations",
           [(None, True, 255, "NOT_EVALUATED")], "analytical_expectations")
    expect("SELECT archived_by, cpa_disposition::text, source_type::text, classification::text FROM uncorrected_misstatements",
           [(None, "NOT_YET_REVIEWED", "KNOWN_ERROR", "FACTUAL")], "uncorrected_misstatements")
    expect("SELECT created_at IS NOT NULL FROM email_verification_tokens", [(True,)], "email_verification_tokens")
    expect("SELECT locked_at IS NOT NULL FROM scheduler_locks", [(True,)], "scheduler_locks")
    dumped = dump_schema.dump_postgres(url)
    opts = argparse.Namespace(order=False, fk_names=True, index_origin=True, alembic_version=False,
                              keep_pschema_tables=False, ignore_table=None)
    diffs, notes = compare_schema.compare(json.load(open(os.path.join(HERE, "models", "postgres.json"))), dumped, opts)
    fails += [f"schema: {d}" for d in diffs]
    print(f"{len(notes)} note(s) (column order)")

    if not pschema("downgrade", "-1"):
        fails.append("downgrade -1")
    else:
        down = snapshot()
        for t, rows in before.items():
            if set(rows) != set(down.get(t, {})):
                fails.append(f"after downgrade -1: {t} rows {sorted(rows)} -> {sorted(down.get(t, {}))}")
        expect("SELECT id, tier::text FROM users ORDER BY id", [(1, "free"), (2, "solo")], "users after downgrade")
        if not pschema("upgrade", "head"):
            fails.append("upgrade head after downgrade -1")
        else:
            again = snapshot()
            if again != after:
                fails.append(f"down and up again: rows differ in {[t for t in after if again.get(t) != after[t]]}")
    total = sum(len(r) for r in before.values())
    print(f"{len(before)} tables, {total} rows before; {sum(len(r) for r in after.values())} rows after; database {DB}")
    for f in fails:
        print("FAILED: " + f)
    print("ok" if not fails else f"{len(fails)} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
