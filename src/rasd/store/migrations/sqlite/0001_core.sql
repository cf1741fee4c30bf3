-- Articles, their whole records, and the full-text index over rasd's index terms.
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,            -- content hash (rasd.article.text_id)
    title TEXT,
    outlet TEXT,
    url TEXT,
    path TEXT,
    author TEXT,
    date TEXT,                          -- YYYY-MM-DD
    text TEXT NOT NULL,                 -- the original text, never rewritten
    record TEXT NOT NULL,               -- rasd.to_json(article), whole
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);

-- Contentless: the terms come from rasd.store.terms, snippets from articles.text.
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, body, content='', tokenize='unicode61 remove_diacritics 0'
);
