"""Check the hand-written data steps of pschema's chain with rows, on SQLite and PostgreSQL.

Each case builds a database from empty up to the revisions before the data step, inserts
rows, applies the step, checks the rows, and (where the step has a down) reverts it and
checks again. Run from the repository root:

    python tests/data/reference/paciolus-history/check_data_steps.py \
        [--pschema target/release/pschema] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

PostgreSQL needs psycopg2 (e.g. /work/venv-ref/bin/python) and an admin DSN; without
--postgres only SQLite runs. Exit status 1 when a check fails.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile

# (name, before: revisions to upgrade to first, step, rows to insert (both dialects unless
#  a dict per dialect), queries and their expected rows after up, after down (None: no down check))
CASES = [
    {
        "name": "d9e0f1a2b3c4: starter becomes solo, and back",
        "before": ["c8d9e0f1a2b3"],
        "step": "d9e0f1a2b3c4",
        "rows": {
            "sqlite": [
                "INSERT INTO users (id, email, hashed_password, tier) VALUES "
                "(1, 'a', 'x', 'starter'), (2, 'b', 'x', 'STARTER'), (3, 'c', 'x', 'FREE')",
                "INSERT INTO subscriptions (user_id, tier, status) VALUES (1, 'starter', 'active'), (3, 'free', 'active')",
            ],
            "postgres": [
                "INSERT INTO users (id, email, hashed_password, tier) VALUES (1, 'a', 'x', 'starter'), (3, 'c', 'x', 'FREE')",
                "INSERT INTO subscriptions (user_id, tier, status) VALUES (1, 'starter', 'active'), (3, 'free', 'active')",
            ],
        },
        "query": "SELECT id, tier::text FROM users ORDER BY id",
        "query2": "SELECT user_id, tier::text FROM subscriptions ORDER BY user_id",
        "up": {
            "sqlite": ([(1, "solo"), (2, "solo"), (3, "FREE")], [(1, "solo"), (3, "free")]),
            "postgres": ([(1, "solo"), (3, "FREE")], [(1, "solo"), (3, "free")]),
        },
        "down": {
            "sqlite": ([(1, "starter"), (2, "starter"), (3, "FREE")], [(1, "starter"), (3, "free")]),
            "postgres": ([(1, "starter"), (3, "FREE")], [(1, "starter"), (3, "free")]),
        },
    },
    {
        "name": "ecda5f408617: every plaintext token goes; down with a hashed token left works",
        "before": ["b590bb0555c3"],
        "step": "ecda5f408617",
        "rows": [
            "INSERT INTO users (id, email, hashed_password, tier, email_verification_token) VALUES (1, 'a', 'x', 'FREE', 'tok')",
            "INSERT INTO email_verification_tokens (user_id, token, expires_at) VALUES (1, 't1', '2026-01-01'), (1, 't2', '2026-01-01')",
        ],
        "query": "SELECT count(*) FROM email_verification_tokens",
        "query2": "SELECT id, email FROM users ORDER BY id",
        "up": ([(0,)], [(1, "a")]),
        "after_up": [
            "INSERT INTO email_verification_tokens (user_id, token_hash, expires_at) VALUES (1, 'h1', '2026-01-01'), (1, 'h2', '2026-01-01')",
        ],
        "down": ([(0,)], [(1, "a")]),
    },
    {
        "name": "c1d2e3f4a5b6: enterprise becomes team; FREE and PROFESSIONAL renamed",
        "before": ["b1c2d3e4f5a6", "a4b5c6d7e8f9"],
        "step": "c1d2e3f4a5b6",
        "rows": {
            "sqlite": [
                "INSERT INTO users (id, email, hashed_password, tier) VALUES (1, 'a', 'x', 'ENTERPRISE'), "
                "(2, 'b', 'x', 'FREE'), (3, 'c', 'x', 'PROFESSIONAL'), (4, 'd', 'x', 'enterprise'), (5, 'e', 'x', 'solo')",
                "INSERT INTO subscriptions (user_id, tier, status) VALUES (1, 'enterprise', 'active'), (2, 'free', 'active')",
            ],
            "postgres": [
                "INSERT INTO users (id, email, hashed_password, tier) VALUES (1, 'a', 'x', 'ENTERPRISE'), "
                "(2, 'b', 'x', 'FREE'), (3, 'c', 'x', 'PROFESSIONAL'), (5, 'e', 'x', 'solo')",
                "INSERT INTO subscriptions (user_id, tier, status) VALUES (1, 'enterprise', 'active'), (2, 'free', 'active')",
            ],
        },
        "query": "SELECT id, tier::text FROM users ORDER BY id",
        "query2": "SELECT user_id, tier::text FROM subscriptions ORDER BY user_id",
        "up": {
            "sqlite": ([(1, "team"), (2, "free"), (3, "professional"), (4, "team"), (5, "solo")],
                       [(1, "team"), (2, "free")]),
            "postgres": ([(1, "team"), (2, "free"), (3, "professional"), (5, "solo")], [(1, "team"), (2, "free")]),
        },
        # Alembic's downgrade restores no data: team stays team; the renames go back.
        "down": {
            "sqlite": ([(1, "team"), (2, "FREE"), (3, "PROFESSIONAL"), (4, "team"), (5, "solo")],
                       [(1, "team"), (2, "free")]),
            "postgres": ([(1, "team"), (2, "FREE"), (3, "PROFESSIONAL"), (5, "solo")], [(1, "team"), (2, "free")]),
        },
    },
]


def per(value, dialect):
    return value[dialect] if isinstance(value, dict) else value


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}:\n{r.stdout}{r.stderr}")


class Sqlite:
    name = "sqlite"

    def __init__(self, tmp):
        self.path = os.path.join(tmp, "data.db")
        self.url = f"sqlite:///{self.path}"

    def execute(self, sql):
        with sqlite3.connect(self.path) as con:
            con.execute(sql)

    def query(self, sql):
        with sqlite3.connect(self.path) as con:
            return [tuple(r) for r in con.execute(sql.replace("::text", "")).fetchall()]

    def close(self):
        pass


class Postgres:
    name = "postgres"

    def __init__(self, admin, db):
        import psycopg2

        self.psycopg2 = psycopg2
        self.admin, self.db = admin, db
        self._admin(f'DROP DATABASE IF EXISTS "{db}"')
        self._admin(f'CREATE DATABASE "{db}"')
        self.url = admin.rpartition("/")[0] + "/" + db

    def _admin(self, sql):
        con = self.psycopg2.connect(self.admin)
        con.autocommit = True
        con.cursor().execute(sql)
        con.close()

    def execute(self, sql):
        con = self.psycopg2.connect(self.url)
        with con, con.cursor() as cur:
            cur.execute(sql)
        con.close()

    def query(self, sql):
        con = self.psycopg2.connect(self.url)
        with con.cursor() as cur:
            cur.execute(sql)
            rows = [tuple(r) for r in cur.fetchall()]
        con.close()
        return rows

    def close(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.db}"')


def check(case, db, pschema):
    problems = []
    for rev in case["before"]:
        run(pschema + ["--database-url", db.url, "upgrade", rev])
    for sql in per(case["rows"], db.name):
        db.execute(sql)
    run(pschema + ["--database-url", db.url, "upgrade", case["step"]])

    def compare(when, expected):
        got = (db.query(case["query"]), db.query(case["query2"]))
        if got != tuple(expected):
            problems.append(f"{when}: expected {expected}, got {list(got)}")

    compare("after up", per(case["up"], db.name))
    for sql in case.get("after_up", []):
        db.execute(sql)
    if case.get("down") is not None:
        run(pschema + ["--database-url", db.url, "downgrade", "-1"])
        compare("after down", per(case["down"], db.name))
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pschema", default=os.environ.get("PSCHEMA", "pschema"))
    ap.add_argument("--migrations-dir", default="migrations")
    ap.add_argument("--postgres", default=None)
    ap.add_argument("--pg-db", default="chain_data_steps")
    args = ap.parse_args()
    pschema = [args.pschema, "--migrations-dir", args.migrations_dir]
    failed = 0
    for case in CASES:
        sides = ["sqlite"] + (["postgres"] if args.postgres else [])
        for side in sides:
            with tempfile.TemporaryDirectory() as tmp:
                db = Sqlite(tmp) if side == "sqlite" else Postgres(args.postgres, args.pg_db)
                try:
                    problems = check(case, db, pschema)
                except RuntimeError as e:
                    problems = [str(e)]
                finally:
                    db.close()
            status = "FAIL" if problems else "ok  "
            print(f"{status} {side:8} {case['name']}")
            for p in problems:
                print(f"    {p}")
            failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
