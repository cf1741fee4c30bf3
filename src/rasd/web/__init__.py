"""The JSON API and the right-to-left web pages over one store.

``create_app(db)`` (in :mod:`rasd.web.app`) is the FastAPI app; ``rasd serve``
runs it on uvicorn.  Every route calls one function of :mod:`rasd.web.views`
that returns a plain dict: ``/api/...`` sends it as JSON and the page renders it.
"""

#: The default request-body limit: a larger body, declared or chunked, is answered 413
#: (2 MiB: a long article as HTML is a few hundred KiB).  ``rasd serve --max-body-kib``
#: and ``WebSettings(max_body_bytes=...)`` change it.  Here, not in :mod:`rasd.web.app`,
#: so the CLI can show it without importing the web stack.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
