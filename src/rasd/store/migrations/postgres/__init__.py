"""PostgreSQL migration steps, numbered like the SQLite ones (the same schema, in PostgreSQL's SQL)."""
