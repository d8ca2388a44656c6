"""Alembic's env.py for the hand-back test: an env.py shaped like Paciolus's
(the URL from DATABASE_URL, render_as_batch, Alembic's default comparison
settings), with the include_name filter that docs/alembic.md documents.

Paciolus's env.py sets target_metadata to its models' Base.metadata. This test
has no models: it reflects the database Alembic built for the baseline
(PSCHEMA_REFERENCE_URL, from Alembic's own DDL in tests/data/reference/)
and uses that as the metadata to compare with.
"""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import MetaData, create_engine, engine_from_config, pool

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def reflect(url: str) -> MetaData:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        metadata = MetaData()
        metadata.reflect(bind=engine)
        return metadata
    finally:
        engine.dispose()


target_metadata = reflect(os.environ["PSCHEMA_REFERENCE_URL"])


# --- begin pschema include_name (docs/alembic.md shows this block as it is) ---
def include_name(name, type_, parent_names):
    """Leave pschema's own tables out of autogenerate: they are not in the models.

    alembic_version needs no rule: Alembic always skips its version table.
    """
    if type_ == "table":
        return name not in ("pschema_history", "pschema_progress")
    return True
# --- end pschema include_name ---


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        include_name=include_name,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_name=include_name,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
