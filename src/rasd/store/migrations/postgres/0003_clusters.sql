-- Near-duplicate signatures, story features, and the groups computed from them (as sqlite/0003_clusters.sql).
CREATE TABLE signatures (
    article BIGINT PRIMARY KEY REFERENCES articles(rowid),
    minhash BYTEA NOT NULL,             -- 128 x uint32 (rasd.store.rows.NUM_PERM)
    lead TEXT NOT NULL                  -- index terms of the title and lead
);

CREATE TABLE dup_groups (
    article BIGINT PRIMARY KEY REFERENCES articles(rowid),
    grp BIGINT NOT NULL                 -- rowid of the group's first article
);
CREATE INDEX dup_groups_grp ON dup_groups(grp);

CREATE TABLE stories (
    article BIGINT PRIMARY KEY REFERENCES articles(rowid),
    story BIGINT NOT NULL,
    score DOUBLE PRECISION NOT NULL     -- closeness to the story centroid (the highest is its headline)
);
CREATE INDEX stories_story ON stories(story);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
