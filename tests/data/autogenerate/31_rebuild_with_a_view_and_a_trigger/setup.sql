CREATE VIEW client_names AS SELECT id, name FROM clients;
CREATE TRIGGER clients_audit AFTER UPDATE ON clients BEGIN INSERT INTO audit (message) VALUES ('client ' || new.id || ' changed'); END;
