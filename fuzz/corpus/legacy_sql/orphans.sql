CREATE TABLE sessions (id INTEGER, project_id INTEGER, session_number INTEGER);
INSERT INTO sessions VALUES(1,9,1),(2,9,1);
INSERT INTO conversation_history VALUES(1,5,1,'x','y',NULL,'2026-01-01');
