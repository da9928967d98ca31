"""WSGI entry point of the standalone site (``gunicorn commit_site.wsgi``)."""

from commit_site.entrypoint import wsgi_application

application = wsgi_application()
