-- Near-duplicate signatures, story features, and the groups computed from them.
CREATE TABLE signatures (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid),
    minhash BLOB NOT NULL,              -- 128 x uint32 (rasd.store.rows.NUM_PERM)
    lead TEXT NOT NULL                  -- index terms of the title and lead
);

CREATE TABLE dup_groups (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid),
    grp INTEGER NOT NULL                -- rowid of the group's first article
);
CREATE INDEX dup_groups_grp ON dup_groups(grp);

CREATE TABLE stories (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid),
    story INTEGER NOT NULL,
    score REAL NOT NULL                 -- closeness to the story centroid (the highest is its headline)
);
CREATE INDEX stories_story ON stories(story);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
