#!/usr/bin/env bash
# Regenerate catalog.json and alembic-emitted.sql: apply Paciolus's baseline
# revision e2f21cb79a61 with Alembic to a scratch PostgreSQL database and dump
# its catalog. Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres),
# python3.11 with network access to PyPI, and the Paciolus git mirror.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MIRROR="${PACIOLUS_MIRROR:-/work/.mirror/Paciolus+Paciolus/repo}"
REV_PATH="backend/migrations/alembic/versions/e2f21cb79a61_baseline_full_schema_as_of_v1_2_0.py"
DB="pschema_alembic_reference"
ADMIN_DSN="postgresql://postgres@127.0.0.1:5432/postgres"
DSN="postgresql://postgres@127.0.0.1:5432/$DB"
PYTHON="${PYTHON:-python3.11}"

WORK="$(mktemp -d)"
cleanup() {
  psql "$ADMIN_DSN" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check \
  alembic==1.18.4 SQLAlchemy==2.0.49 psycopg2-binary

mkdir -p "$WORK/alembic/versions"
cp "$HERE/alembic.ini" "$WORK/alembic.ini"
cp "$HERE/env.py" "$WORK/alembic/env.py"
git -C "$MIRROR" show "HEAD:$REV_PATH" > "$WORK/alembic/versions/$(basename "$REV_PATH")"

psql "$ADMIN_DSN" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB"
psql "$ADMIN_DSN" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB"

cd "$WORK"
# Offline: the SQL Alembic emits for this revision.
"$WORK/venv/bin/alembic" -c "$WORK/alembic.ini" upgrade e2f21cb79a61 --sql > "$HERE/alembic-emitted.sql"
# Online: apply it.
"$WORK/venv/bin/alembic" -c "$WORK/alembic.ini" upgrade e2f21cb79a61

"$WORK/venv/bin/python" "$HERE/dump_catalog.py" "$DSN" "$HERE/catalog.json"
psql "$ADMIN_DSN" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE $DB"
echo "wrote $HERE/catalog.json and $HERE/alembic-emitted.sql"
