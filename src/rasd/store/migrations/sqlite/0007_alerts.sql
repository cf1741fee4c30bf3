-- Watched searches and entities (rasd.store.alerts): what matched since the last look.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- 'search' | 'entity'
    value TEXT NOT NULL,                -- the query, or the entity name
    seen_upto INTEGER NOT NULL DEFAULT 0,  -- articles.rowid of the newest article already looked at
    checked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (kind, value)
);
-- Facets and trends count entities per matching article: a covering index for them.
CREATE INDEX article_entities_by_article ON article_entities(article, entity, mentions);
