#!/usr/bin/env bash
# pschema's chain as a whole, on both dialects: from empty to head in one upgrade,
# revision by revision (upgrade +1 until head, each revision of Alembic's walk order
# from c1d2e3f4a5b6 on compared on SQLite with sqlite/<rev>.json), then downgrade base
# and upgrade head again, the schema at head the same each time.
# Same environment as compare_chain_b.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
PSCHEMA=${PSCHEMA:-/work/bin/pschema}
PG_ADMIN=${PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
PYTHON=${PYTHON:-/work/venv-ref/bin/python}
DB=${DB_PREFIX:-chain_b_walk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ps() { (cd "$repo" && "$PSCHEMA" "$@" 2>>"$tmp/log") || { cat "$tmp/log" >&2; return 1; }; }
pgurl="${PG_ADMIN%/*}/$DB"
fresh_pg() { psql -q "$PG_ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"; }
cmp() { "$PYTHON" "$here/compare_chain_schema.py" "$@"; }
status=0
for dialect in sqlite postgres; do
  if [ $dialect = sqlite ]; then url="sqlite:///$tmp/one.db"; else fresh_pg; url=$pgurl; fi
  ps --database-url "$url" upgrade head >/dev/null
  target=$([ $dialect = sqlite ] && echo "$tmp/one.db" || echo "$url")
  "$PYTHON" "$here/dump_schema.py" $dialect "$target" "$tmp/$dialect-head.json"
  echo "$dialect: upgrade head from empty in one run: ok"
  ps --database-url "$url" downgrade base >/dev/null
  ps --database-url "$url" upgrade head >/dev/null
  "$PYTHON" "$here/dump_schema.py" $dialect "$target" "$tmp/$dialect-again.json"
  if cmp $dialect "$tmp/$dialect-again.json" "$tmp/$dialect-head.json"; then
    echo "$dialect: downgrade base, upgrade head: the same"; else status=1; fi
  # Revision by revision.
  if [ $dialect = sqlite ]; then url="sqlite:///$tmp/steps.db"; target="$tmp/steps.db"; else fresh_pg; fi
  n=0
  while ! (cd "$repo" && "$PSCHEMA" --database-url "$url" current 2>/dev/null) | grep -q '(head)'; do
    ps --database-url "$url" upgrade +1 >/dev/null
    n=$((n + 1))
    if [ $dialect = sqlite ]; then
      for rev in $( (cd "$repo" && "$PSCHEMA" --database-url "$url" current) | awk '{print $1}'); do
        if [ -f "$here/sqlite/$rev.json" ] && grep -q "\"$rev\"" <("$PYTHON" -c 'import json,sys; w=json.load(open(sys.argv[1]))["walk_order"]; print(json.dumps(w[w.index("c1d2e3f4a5b6"):]))' "$here/graph.json"); then
          "$PYTHON" "$here/dump_schema.py" sqlite "$target" "$tmp/step.json"
          want=$("$PYTHON" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["alembic_version"]))' "$here/sqlite/$rev.json")
          have=$( (cd "$repo" && "$PSCHEMA" --database-url "$url" current) | awk '{print $1}' | sort | tr '\n' ' ' | sed 's/ $//')
          if [ "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" = "$have" ]; then
            cmp sqlite "$tmp/step.json" "$here/sqlite/$rev.json" >/dev/null || { echo "sqlite: step $n ($rev) differs"; status=1; }
          fi
        fi
      done
    fi
  done
  "$PYTHON" "$here/dump_schema.py" $dialect "$target" "$tmp/$dialect-steps.json"
  if cmp $dialect "$tmp/$dialect-steps.json" "$tmp/$dialect-head.json"; then
    echo "$dialect: $n upgrades of +1 from empty to head: the same as in one run"; else status=1; fi
done
if cmp continued "$tmp/postgres-head.json" "$here/postgres/continued-head.json" "$here/drift.json" >/dev/null; then
  echo "postgres: head equal to postgres/continued-head.json but for what Alembic's failing statements never made"
else status=1; fi
if cmp sqlite "$tmp/sqlite-head.json" "$here/sqlite/b5c6d7e8f9a0.json"; then
  echo "sqlite: head equal to sqlite/b5c6d7e8f9a0.json"; else status=1; fi
psql -q "$PG_ADMIN" -c "DROP DATABASE $DB"
exit $status
