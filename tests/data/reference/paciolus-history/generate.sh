#!/usr/bin/env bash
# Regenerate the reference data of Paciolus's whole Alembic history (README.md):
# builds a virtual environment with Alembic 1.18.4 and SQLAlchemy 2.0.49 and runs
# generate.py, which reads the revisions and models from the Paciolus git mirror,
# applies them on SQLite and PostgreSQL, and writes the files next to this script.
#
# Needs python3.11 (PYTHON), git, PyPI (or VENV: an existing environment with the
# pins below), PostgreSQL (PSCHEMA_PG_ADMIN_DSN, default
# postgresql://postgres@127.0.0.1:5432/postgres, a role that may create databases)
# and the mirror (PACIOLUS_MIRROR, default /work/.mirror/Paciolus+Paciolus/repo;
# PACIOLUS_REF, default HEAD). Arguments are passed on to generate.py (graph,
# sqlite, postgres, models, drift; all when none).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3.11}"
PINS=(alembic==1.18.4 SQLAlchemy==2.0.49 psycopg2-binary==2.9.13)

if [[ -n "${VENV:-}" ]]; then
  PY="$VENV/bin/python"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  "$PYTHON" -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "${PINS[@]}"
  PY="$WORK/venv/bin/python"
fi

"$PY" - <<'PY'
import alembic, sqlalchemy
assert alembic.__version__ == "1.18.4", alembic.__version__
assert sqlalchemy.__version__ == "2.0.49", sqlalchemy.__version__
PY

cd "$HERE"
"$PY" "$HERE/generate.py" "$@"
