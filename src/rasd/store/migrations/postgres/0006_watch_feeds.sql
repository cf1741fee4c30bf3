-- rasd watch: feed health and item URLs already taken (as sqlite/0006_watch_feeds.sql).
CREATE TABLE watch_feeds (
    url TEXT PRIMARY KEY,
    outlet TEXT,
    country TEXT,
    etag TEXT,
    last_modified TEXT,
    last_poll TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_new INTEGER NOT NULL DEFAULT 0,
    new_total BIGINT NOT NULL DEFAULT 0,
    not_modified BIGINT NOT NULL DEFAULT 0,
    next_poll TEXT
);
CREATE TABLE watch_seen (
    url TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    article TEXT,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
