-- Derived work still owed after articles were stored (duplicate groups and stories).
-- A row is written in the same transaction as the articles it covers and deleted in
-- the transaction that stores the recomputed clusters, so a process killed in between
-- leaves the row behind and the next writer finishes the work (rasd.store.pending).
CREATE TABLE pending_work (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a refresh deletes only the rows it saw
    task TEXT NOT NULL,                    -- 'clusters'
    articles INTEGER NOT NULL,             -- articles the writing transaction added
    queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- A store written before this table existed owes the work when its clusters were last
-- computed over another number of articles (or never).
INSERT INTO pending_work(task, articles)
SELECT 'clusters', n FROM (SELECT count(*) AS n FROM articles)
WHERE n > 0 AND n != coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'clusters_at_count'), -1);
