"""Stands in for Paciolus's baseline revision, whose id pschema's baseline keeps.

The databases of the test are built by pschema (or by Alembic's DDL from
tests/data/reference/), never by this file: Alembic only needs to know the
revision alembic_version names, so that `alembic check` and
`alembic revision` start from it.

Revision ID: e2f21cb79a61
Revises:
"""

revision = "e2f21cb79a61"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    raise NotImplementedError("the hand-back test never builds a database with Alembic's revisions")


def downgrade() -> None:
    raise NotImplementedError("the hand-back test never builds a database with Alembic's revisions")
