"""Readers that turn bytes (text files, HTML, JSONL, WARC, feeds) into article text."""
