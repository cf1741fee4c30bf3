-- Sentence vectors for semantic search (the optional rasd[semantic] extra fills it).
CREATE TABLE embeddings (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid),
    model TEXT NOT NULL,                -- which encoder made the vector
    vector BLOB NOT NULL                -- float32, L2-normalised
);
