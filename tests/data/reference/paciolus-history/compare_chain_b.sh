#!/usr/bin/env bash
# Check pschema's chain at one or more revisions against Alembic's reference dumps:
#   compare_chain_b.sh REV...
# For each REV: upgrade an empty SQLite file to the revisions sqlite/REV.json's
# alembic_version holds (REV, and a side branch Alembic's walk applied before it) and
# compare with sqlite/REV.json; the same on an empty PostgreSQL database, compared in
# names, nullability, indexes and keys with sqlite/REV.json (postgres/REV.json where it
# exists, in full); then, from REV alone, downgrade -1 and upgrade REV again on both,
# and check the schema came back the same.
# Needs PSCHEMA (default /work/bin/pschema), PG_ADMIN (default
# postgresql://postgres@127.0.0.1:5432/postgres) and a Python with psycopg2 (PYTHON).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
PSCHEMA=${PSCHEMA:-/work/bin/pschema}
PG_ADMIN=${PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
PYTHON=${PYTHON:-/work/venv-ref/bin/python}
DB_PREFIX=${DB_PREFIX:-chain_b_cmp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ps() { (cd "$repo" && "$PSCHEMA" "$@" 2>>"$tmp/log") || { cat "$tmp/log" >&2; return 1; }; }
status=0
for rev in "$@"; do
  echo "== $rev"
  db="$tmp/$rev.db"
  # The reference holds every revision alembic_version lists (a side branch the
  # walk applied earlier too): upgrade to each of them.
  heads=$("$PYTHON" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["alembic_version"]))' "$here/sqlite/$rev.json")
  for h in $heads; do ps --database-url "sqlite:///$db" upgrade "$h" >/dev/null; done
  "$PYTHON" "$here/dump_schema.py" sqlite "$db" "$tmp/s0.json"
  if "$PYTHON" "$here/compare_chain_schema.py" sqlite "$tmp/s0.json" "$here/sqlite/$rev.json"; then
    echo "sqlite: equal to the reference (at $heads)"
  else status=1; fi
  # Down and up again from REV alone.
  db="$tmp/$rev.alone.db"
  ps --database-url "sqlite:///$db" upgrade "$rev" >/dev/null
  "$PYTHON" "$here/dump_schema.py" sqlite "$db" "$tmp/s1.json"
  ps --database-url "sqlite:///$db" downgrade -1 >/dev/null
  ps --database-url "sqlite:///$db" upgrade "$rev" >/dev/null
  "$PYTHON" "$here/dump_schema.py" sqlite "$db" "$tmp/s2.json"
  if "$PYTHON" "$here/compare_chain_schema.py" sqlite "$tmp/s2.json" "$tmp/s1.json"; then
    echo "sqlite: downgrade -1, upgrade: the same"
  else status=1; fi
  pgdb="${DB_PREFIX}_$(echo "$rev" | tr -c 'a-z0-9_\n' '_')"
  psql -q "$PG_ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $pgdb" -c "CREATE DATABASE $pgdb"
  pgurl="${PG_ADMIN%/*}/$pgdb"
  for h in $heads; do ps --database-url "$pgurl" upgrade "$h" >/dev/null; done
  "$PYTHON" "$here/dump_schema.py" postgres "$pgurl" "$tmp/p0.json"
  if [ -f "$here/postgres/$rev.json" ]; then
    if "$PYTHON" "$here/compare_chain_schema.py" postgres "$tmp/p0.json" "$here/postgres/$rev.json"; then
      echo "postgres: equal to the reference"; else status=1; fi
  else
    if "$PYTHON" "$here/compare_chain_schema.py" cross "$tmp/p0.json" "$here/sqlite/$rev.json"; then
      echo "postgres: names, nullability, indexes and keys equal to SQLite's reference"; else status=1; fi
  fi
  if [ "$rev" = b5c6d7e8f9a0 ]; then
    # Alembic's head: the PostgreSQL database Alembic's revisions make with their
    # failing statements skipped, which is all but what those statements make.
    if "$PYTHON" "$here/compare_chain_schema.py" continued "$tmp/p0.json" "$here/postgres/continued-head.json" "$here/drift.json"; then
      echo "postgres: equal to postgres/continued-head.json but for what Alembic's failing statements never made"
    else status=1; fi
  fi
  cp "$tmp/p0.json" "${KEEP_PG_DUMP_DIR:-$tmp}/$rev.postgres.json" 2>/dev/null || true
  psql -q "$PG_ADMIN" -c "DROP DATABASE $pgdb" -c "CREATE DATABASE $pgdb"
  ps --database-url "$pgurl" upgrade "$rev" >/dev/null
  "$PYTHON" "$here/dump_schema.py" postgres "$pgurl" "$tmp/p1.json"
  ps --database-url "$pgurl" downgrade -1 >/dev/null
  ps --database-url "$pgurl" upgrade "$rev" >/dev/null
  "$PYTHON" "$here/dump_schema.py" postgres "$pgurl" "$tmp/p2.json"
  if "$PYTHON" "$here/compare_chain_schema.py" postgres "$tmp/p2.json" "$tmp/p1.json"; then
    echo "postgres: downgrade -1, upgrade: the same"
  else status=1; fi
  psql -q "$PG_ADMIN" -c "DROP DATABASE $pgdb"
done
exit $status
