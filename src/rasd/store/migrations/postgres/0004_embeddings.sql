-- Sentence vectors for semantic search (as sqlite/0004_embeddings.sql; the rasd[semantic] extra fills it).
CREATE TABLE embeddings (
    article BIGINT PRIMARY KEY REFERENCES articles(rowid),
    model TEXT NOT NULL,                -- which encoder made the vector
    vector BYTEA NOT NULL               -- float32, L2-normalised
);
