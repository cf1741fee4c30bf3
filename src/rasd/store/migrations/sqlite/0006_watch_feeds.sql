-- rasd watch: the health of each polled feed, and every item URL already taken, so a
-- restarted watcher neither refetches what it has nor forgets a feed's validators.
-- (issue 16, branch watch16: 0006 is the watch migration, renumber on merge if another
-- branch took 0006 first.)
CREATE TABLE watch_feeds (
    url TEXT PRIMARY KEY,            -- the feed or sitemap URL, as the FEEDS file gives it
    outlet TEXT,                     -- the outlet name from the FEEDS file (goes into each record)
    country TEXT,                    -- ISO 3166 alpha-2 code from the FEEDS file
    etag TEXT,                       -- validators of the last response whose items were all taken
    last_modified TEXT,
    last_poll TEXT,                  -- ISO UTC times
    last_success TEXT,
    last_error TEXT,                 -- message of the last failure (kept after a later success)
    last_error_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,   -- failures in a row: the backoff exponent
    last_new INTEGER NOT NULL DEFAULT 0,   -- articles stored by the last poll
    new_total INTEGER NOT NULL DEFAULT 0,  -- articles stored from this feed, all polls
    not_modified INTEGER NOT NULL DEFAULT 0,  -- polls answered 304
    next_poll TEXT                   -- not before this time
);
CREATE TABLE watch_seen (
    url TEXT PRIMARY KEY,            -- an item (article page) URL taken from a feed
    feed TEXT NOT NULL,
    article TEXT,                    -- the stored article id; NULL when the page gave none
    outcome TEXT NOT NULL,           -- stored | already-stored | robots | failed
    seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
