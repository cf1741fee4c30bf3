"""Pipeline stages: each is a pure function ``Article -> Article`` that adds spans."""
