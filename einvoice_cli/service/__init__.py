"""The HTTP service (``einvoice serve``): a drop-in for the KoSIT validator daemon, a JSON API
and a web page, over warm worker processes.

- ``jobs.py``: what a worker does for a request (the batch worker runs it);
- ``pool.py``: the worker processes, the bounded queue, timeouts and crashes; ``answers.py``:
  what it answers;
- ``app.py``: the routes; ``daemon.py``: the KoSIT daemon's names, statuses, health, config;
- ``page.py``: the web page; ``openapi.py``: the API description; ``metrics.py``: Prometheus;
- ``middleware.py``: access log and bearer token; ``server.py``: uvicorn.

Only ``cli/serve.py`` imports this package, so other commands never load Starlette or uvicorn.
"""
