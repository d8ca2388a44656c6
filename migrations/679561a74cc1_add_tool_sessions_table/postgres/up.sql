-- 679561a74cc1: Add tool_sessions table
-- upgrade on PostgreSQL; parents: 0b17eb7cb88c

-- Create table tool_sessions
CREATE TABLE tool_sessions (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	tool_name VARCHAR(50) NOT NULL, 
	session_data TEXT NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_tool_session_user_tool UNIQUE (user_id, tool_name)
);

CREATE INDEX ix_tool_sessions_id ON tool_sessions (id);

CREATE INDEX ix_tool_sessions_user_id ON tool_sessions (user_id);
