-- Derived work still owed after articles were stored (as sqlite/0005_pending_work.sql).
CREATE TABLE pending_work (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- never reused
    task TEXT NOT NULL,                                  -- 'clusters'
    articles BIGINT NOT NULL,                            -- articles the writing transaction added
    queued_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
INSERT INTO pending_work(task, articles)
SELECT 'clusters', n FROM (SELECT count(*) AS n FROM articles) AS c
WHERE n > 0 AND n != coalesce((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'clusters_at_count'), -1);
