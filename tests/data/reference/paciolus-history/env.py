"""Alembic env.py used by generate.py to run Paciolus's revisions.

It is Paciolus's backend/migrations/alembic/env.py without the model imports
(target_metadata is None: upgrade and downgrade never read it) and without
config.DATABASE_URL (the URL comes from the Alembic Config that generate.py
builds). As in Paciolus: an engine from the config with NullPool, one
connection, render_as_batch=True, one transaction around the command, and
literal_binds offline.

generate.py may put into config.attributes:
  "connect_args": passed to the engine (the cursor factory of the tolerant run);
  "engine_hook":  called with the engine before it connects (the SQL log).
Neither changes what Alembic sends.
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
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
        connect_args=config.attributes.get("connect_args", {}),
    )
    hook = config.attributes.get("engine_hook")
    if hook is not None:
        hook(connectable)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
