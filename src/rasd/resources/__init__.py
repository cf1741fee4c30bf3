"""Resources built by ``training/`` scripts and shipped with rasd, loaded lazily once.

``gazetteers``: places, organisations, person names, nisba adjectives.
``english``: English names for entities (gazetteers first, then romanisation).
See ``SOURCES.md`` for where every data file comes from and under which licence.
"""
