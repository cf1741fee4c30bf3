"""The JSON API and the right-to-left web pages over one store.

``create_app(db)`` (in :mod:`rasd.web.app`) is the FastAPI app; ``rasd serve``
runs it on uvicorn.  Every route calls one function of :mod:`rasd.web.views`
that returns a plain dict: ``/api/...`` sends it as JSON and the page renders it.
"""
