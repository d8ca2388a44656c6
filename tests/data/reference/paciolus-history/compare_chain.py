"""Compare pschema's chain with Alembic's reference dumps, revision by revision.

For each revision given (default: every revision of graph.json's walk order that has a
migration under migrations/), from an empty database:

1. `pschema upgrade <rev>`, dump, compare with sqlite/<rev>.json (and, on PostgreSQL,
   with postgres/<rev>.json where one exists);
2. `pschema downgrade -1`, then `upgrade <rev>` again, dump, compare with the first dump
   (the round trip gives the same schema back).

What is compared: per table the columns (name, declared_type, not_null, default, pk,
in position order), indexes (name, unique, columns), foreign keys (from, table, to,
on_delete); alembic_version (sorted); on PostgreSQL the enum types and their labels.
The stored CREATE TABLE text is not compared.

Usage (from the repository root, with a Python that has psycopg2 for PostgreSQL):

    python tests/data/reference/paciolus-history/compare_chain.py [REV ...]
        [--pschema /path/to/pschema] [--postgres DSN] [--pg-db-prefix chain_cmp_]
        [--no-roundtrip]

--postgres DSN (an admin DSN that may create databases) also runs the PostgreSQL side,
in a database <prefix><n> created and dropped for each revision. Exit status 1 when any
comparison differs.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(dump: dict, pg: bool) -> dict:
    out = {"alembic_version": sorted(dump.get("alembic_version") or []), "tables": {}}
    if pg:
        out["enums"] = {k: sorted(v) for k, v in (dump.get("enums") or {}).items()}
    for name, t in sorted(dump["tables"].items()):
        if name == "pschema_history":  # pschema's own log, beside alembic_version
            continue
        out["tables"][name] = {
            "columns": [
                {k: c[k] for k in ("name", "declared_type", "not_null", "default", "pk")}
                for c in t["columns"]
            ],
            "indexes": sorted(
                ({"name": i["name"], "unique": i["unique"], "columns": i["columns"]}
                 for i in t["indexes"]),
                key=lambda i: i["name"] or "",
            ),
            "foreign_keys": sorted(
                ({k: f[k] for k in ("from", "table", "to", "on_delete")}
                 for f in t["foreign_keys"]),
                key=lambda f: json.dumps(f, sort_keys=True),
            ),
        }
    return out


def diff(a: dict, b: dict, path: str = "") -> list[str]:
    """Differences a (expected) -> b (actual), one line each."""
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in b:
                out.append(f"{p}: missing (expected {json.dumps(a[k])})")
            elif k not in a:
                out.append(f"{p}: unexpected {json.dumps(b[k])}")
            else:
                out.extend(diff(a[k], b[k], p))
    elif a != b:
        if isinstance(a, list) and isinstance(b, list) and all(
            isinstance(x, dict) and "name" in x for x in a + b
        ):
            an = {x["name"]: x for x in a}
            bn = {x["name"]: x for x in b}
            if [x["name"] for x in a] != [x["name"] for x in b] and set(an) == set(bn):
                out.append(f"{path}: order {[x['name'] for x in a]} -> {[x['name'] for x in b]}")
            for k in sorted(set(an) | set(bn)):
                if k not in bn:
                    out.append(f"{path}[{k}]: missing {json.dumps(an[k])}")
                elif k not in an:
                    out.append(f"{path}[{k}]: unexpected {json.dumps(bn[k])}")
                elif an[k] != bn[k]:
                    out.append(f"{path}[{k}]: {json.dumps(an[k])} -> {json.dumps(bn[k])}")
        else:
            out.append(f"{path}: {json.dumps(a)} -> {json.dumps(b)}")
    return out


def run(cmd: list[str]) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")


def _dump_via_cli(kind: str, target: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    try:
        run([sys.executable, os.path.join(HERE, "dump_schema.py"), kind, target, out])
        with open(out, encoding="utf-8") as f:
            return json.load(f)
    finally:
        os.unlink(out)


def pg_url(admin: str, db: str) -> str:
    base, _, _ = admin.rpartition("/")
    return f"{base}/{db}"


def pg_admin(admin: str, sql: str) -> None:
    import psycopg2

    con = psycopg2.connect(admin)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(sql)
    con.close()


def targets_of(rev: str, walk: list[str]) -> list[str]:
    """What to upgrade to, in walk order: the revisions in the reference's
    alembic_version (Alembic applies a side branch as soon as its parent is there,
    so between a branch point and its merge the reference holds two heads)."""
    ref_path = os.path.join(HERE, "sqlite", f"{rev}.json")
    if not os.path.exists(ref_path):
        return [rev]
    with open(ref_path, encoding="utf-8") as f:
        heads = json.load(f).get("alembic_version") or [rev]
    return sorted(heads, key=lambda r: walk.index(r) if r in walk else len(walk))


def upgrade(pschema: list[str], url: str, targets: list[str]) -> None:
    for t in targets:
        run(pschema + ["--database-url", url, "upgrade", t])


def roundtrip_steps(pschema: list[str], url: str, rev: str, targets: list[str]) -> None:
    """Undo `rev` alone (`downgrade -1` reverts the newest applied head, and `rev`
    is the newest of `targets`; a merge steps back to its parents), then apply it again."""
    run(pschema + ["--database-url", url, "downgrade", "-1"])
    upgrade(pschema, url, targets)


def check_one(rev: str, pschema: list[str], pg: str | None, prefix: str, roundtrip: bool,
              walk: list[str]) -> list[str]:
    problems = []
    targets = targets_of(rev, walk)
    # SQLite
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "chain.db")
        url = f"sqlite:///{db}"
        upgrade(pschema, url, targets)
        got = norm(_dump_via_cli("sqlite", db), pg=False)
        ref_path = os.path.join(HERE, "sqlite", f"{rev}.json")
        if os.path.exists(ref_path):
            with open(ref_path, encoding="utf-8") as f:
                ref = norm(json.load(f), pg=False)
            problems += [f"sqlite: {x}" for x in diff(ref, got)]
        if roundtrip:
            roundtrip_steps(pschema, url, rev, targets)
            again = norm(_dump_via_cli("sqlite", db), pg=False)
            problems += [f"sqlite roundtrip: {x}" for x in diff(got, again)]
    if pg:
        name = f"{prefix}{rev}".lower()[:60]
        pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(pg, f'CREATE DATABASE "{name}"')
        url = pg_url(pg, name)
        try:
            upgrade(pschema, url, targets)
            got = norm(_dump_via_cli("postgres", url), pg=True)
            ref_path = os.path.join(HERE, "postgres", f"{rev}.json")
            if os.path.exists(ref_path):
                with open(ref_path, encoding="utf-8") as f:
                    ref = norm(json.load(f), pg=True)
                problems += [f"postgres: {x}" for x in diff(ref, got)]
            if roundtrip:
                roundtrip_steps(pschema, url, rev, targets)
                again = norm(_dump_via_cli("postgres", url), pg=True)
                problems += [f"postgres roundtrip: {x}" for x in diff(got, again)]
        finally:
            pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}"')
    return problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("revs", nargs="*")
    ap.add_argument("--pschema", default=os.environ.get("PSCHEMA", "pschema"))
    ap.add_argument("--migrations-dir", default="migrations")
    ap.add_argument("--postgres", default=None, help="admin DSN; runs the PostgreSQL side too")
    ap.add_argument("--pg-db-prefix", default="chain_cmp_")
    ap.add_argument("--no-roundtrip", action="store_true")
    args = ap.parse_args()

    with open(os.path.join(HERE, "graph.json"), encoding="utf-8") as f:
        graph = json.load(f)
    present = set()
    if os.path.isdir(args.migrations_dir):
        for entry in os.listdir(args.migrations_dir):
            present.add(entry.split("_")[0])
    revs = args.revs or [
        r for r in graph["walk_order"]
        if r.split("_")[0] in present
    ]
    pschema = [args.pschema, "--migrations-dir", args.migrations_dir]
    failed = 0
    for rev in revs:
        try:
            problems = check_one(rev, pschema, args.postgres, args.pg_db_prefix, not args.no_roundtrip,
                                 graph["walk_order"])
        except RuntimeError as e:
            problems = [str(e)]
        has_pg_ref = os.path.exists(os.path.join(HERE, "postgres", f"{rev}.json"))
        sides = "sqlite" + ("+postgres" if args.postgres else "") + (
            " (pg ref)" if args.postgres and has_pg_ref else "")
        if problems:
            failed += 1
            print(f"FAIL {rev} [{sides}]")
            for p in problems:
                print(f"    {p}")
        else:
            print(f"ok   {rev} [{sides}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
