DROP TABLE billing_events;

UPDATE alembic_version SET version_num='d9e0f1a2b3c4' WHERE alembic_version.version_num = 'b590bb0555c3';

