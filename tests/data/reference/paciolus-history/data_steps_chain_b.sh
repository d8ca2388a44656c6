#!/usr/bin/env bash
# The hand-written data steps of pschema's chain from d2e3f4a5b6c7 on, with rows, on
# both dialects: e3f4a5b6c7d8 (team/organization tiers to solo; down: enterprise to
# solo), c2d3e4f5a6b7 (stale organization tier to free, SQLite), f7b3c91a04e2 (emails
# lower-cased and trimmed; refused, with nothing changed, when two collide).
# Same environment as compare_chain_b.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
PSCHEMA=${PSCHEMA:-/work/bin/pschema}
PG_ADMIN=${PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
DB=${DB_PREFIX:-chain_b_rows}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
ps() { (cd "$repo" && "$PSCHEMA" --database-url "$url" "$@" >>"$tmp/log" 2>&1); }
expect() { # expect WHAT SQL WANT
  local got
  if [ $dialect = sqlite ]; then got=$(sqlite3 "$file" "$2" | tr '\n' ' '); else got=$(psql -Atq "$url" -c "$2" | tr '\n' ' '); fi
  if [ "$got" = "$3" ]; then echo "$dialect: $1: ok"; else echo "$dialect: $1: got [$got], want [$3]"; status=1; fi
}
sql() { if [ $dialect = sqlite ]; then sqlite3 "$file" "$1"; else psql -q "$url" -c "$1"; fi; }
fresh() {
  if [ $dialect = sqlite ]; then file="$tmp/rows.db"; rm -f "$file"; url="sqlite:///$file"
  else psql -q "$PG_ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"; url="${PG_ADMIN%/*}/$DB"; fi
}
for dialect in sqlite postgres; do
  # e3f4a5b6c7d8
  fresh; ps upgrade d2e3f4a5b6c7
  sql "INSERT INTO users (id, email, hashed_password, tier) VALUES (1, 'a', 'x', 'team'), (2, 'b', 'x', 'organization'), (4, 'd', 'x', 'free')"
  [ $dialect = sqlite ] && sql "INSERT INTO users (id, email, hashed_password, tier) VALUES (3, 'c', 'x', 'TEAM')"
  sql "INSERT INTO subscriptions (user_id, tier, status) VALUES (1, 'team', 'active'), (2, 'organization', 'active'), (4, 'free', 'active')"
  ps upgrade e3f4a5b6c7d8
  if [ $dialect = sqlite ]; then want="1|solo 2|solo 3|solo 4|free "; else want="1|solo 2|solo 4|free "; fi
  expect "e3f4a5b6c7d8 users" "SELECT id, tier FROM users ORDER BY id" "$want"
  expect "e3f4a5b6c7d8 subscriptions" "SELECT user_id, tier FROM subscriptions ORDER BY user_id" "1|solo 2|solo 4|free "
  sql "UPDATE users SET tier = 'enterprise' WHERE id = 4"; sql "UPDATE subscriptions SET tier = 'enterprise' WHERE user_id = 4"
  ps downgrade d2e3f4a5b6c7
  expect "e3f4a5b6c7d8 down: enterprise to solo" "SELECT CAST(tier AS TEXT) FROM users WHERE id = 4 UNION ALL SELECT CAST(tier AS TEXT) FROM subscriptions WHERE user_id = 4" "solo solo "
  # c2d3e4f5a6b7 (only SQLite can hold the removed label)
  if [ $dialect = sqlite ]; then
    fresh; ps upgrade 418d00cd85ae
    sql "INSERT INTO users (id, email, hashed_password, tier) VALUES (1, 'a', 'x', 'organization'), (2, 'b', 'x', 'solo')"
    ps upgrade c2d3e4f5a6b7
    expect "c2d3e4f5a6b7" "SELECT id, tier FROM users ORDER BY id" "1|free 2|solo "
  fi
  # f7b3c91a04e2
  fresh; ps upgrade a848ac91d39a
  sql "INSERT INTO users (id, email, hashed_password, tier, pending_email) VALUES (1, ' Alice@X.com ', 'x', 'free', 'New@Y.org'), (2, 'bob@x.com', 'x', 'free', NULL)"
  ps upgrade f7b3c91a04e2
  expect "f7b3c91a04e2" "SELECT id, '[' || email || ']', coalesce(pending_email, '-') FROM users ORDER BY id" "1|[alice@x.com]|new@y.org 2|[bob@x.com]|- "
  ps downgrade a848ac91d39a
  sql "INSERT INTO users (id, email, hashed_password, tier) VALUES (3, 'ALICE@x.com ', 'x', 'free')"
  if ps upgrade f7b3c91a04e2; then echo "$dialect: f7b3c91a04e2 collision: not refused"; status=1
  else
    grep -q -e "email_normalization_aborted_case_colliding_user_rows" -e "Email normalization aborted: case-colliding user rows detected ('alice@x.com'=2)" "$tmp/log" \
      && echo "$dialect: f7b3c91a04e2 collision refused with its message: ok" || { echo "$dialect: f7b3c91a04e2: message missing"; status=1; }
    expect "f7b3c91a04e2 collision leaves the rows" "SELECT email FROM users WHERE id = 3" "ALICE@x.com  "
  fi
done
psql -q "$PG_ADMIN" -c "DROP DATABASE $DB"
exit $status
