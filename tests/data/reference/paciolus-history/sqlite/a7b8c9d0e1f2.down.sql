CREATE TABLE _alembic_tmp_clients (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	industry VARCHAR(21) NOT NULL, 
	fiscal_year_end VARCHAR(5) NOT NULL, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	settings VARCHAR(2000), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

INSERT INTO _alembic_tmp_clients (id, user_id, name, industry, fiscal_year_end, created_at, updated_at, settings) SELECT clients.id, clients.user_id, clients.name, clients.industry, clients.fiscal_year_end, clients.created_at, clients.updated_at, clients.settings 
FROM clients;

DROP TABLE clients;

ALTER TABLE _alembic_tmp_clients RENAME TO clients;

CREATE INDEX ix_clients_id ON clients (id);

CREATE INDEX ix_clients_user_id ON clients (user_id);

UPDATE alembic_version SET version_num='d5e6f7a8b9c0' WHERE alembic_version.version_num = 'a7b8c9d0e1f2';

