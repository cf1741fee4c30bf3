-- Canonical entities merged across articles, and what articles say of them.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    norm TEXT NOT NULL,                 -- normalised canonical name
    label TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    canonical TEXT NOT NULL,            -- the name as first seen
    en TEXT,
    UNIQUE (norm, label, country)
);
CREATE INDEX entities_norm ON entities(norm);

CREATE TABLE article_entities (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    entity INTEGER NOT NULL REFERENCES entities(id),
    local_id TEXT NOT NULL,             -- the entity id inside the record (e1, e2 ...)
    mentions INTEGER NOT NULL,
    PRIMARY KEY (article, local_id)
);
CREATE INDEX article_entities_entity ON article_entities(entity);

CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    entity INTEGER NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_article ON mentions(article);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(rowid),
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    content TEXT NOT NULL,
    speaker INTEGER REFERENCES entities(id),
    speaker_name TEXT,
    cue TEXT
);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_article ON quotes(article);

CREATE TABLE quote_subjects (
    quote INTEGER NOT NULL REFERENCES quotes(id),
    entity INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (quote, entity)
);
CREATE INDEX quote_subjects_entity ON quote_subjects(entity);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(rowid),
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    actor INTEGER REFERENCES entities(id),
    actor_text TEXT,
    actor_country TEXT,
    target INTEGER REFERENCES entities(id),
    target_text TEXT,
    target_country TEXT,
    location_text TEXT,
    location_country TEXT,
    date TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    negated INTEGER NOT NULL,
    future INTEGER NOT NULL,
    hypothetical INTEGER NOT NULL,
    quantity REAL
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_type ON events(type);

CREATE TABLE dates (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT NOT NULL,
    granularity TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE INDEX dates_article ON dates(article);
