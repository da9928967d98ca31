"""The standalone COMMIT Training site: the XBlock workbench and the registry in one Django site.

It serves a pilot or a demo on one machine. In production the blocks and the registry run
inside Open edX instead.
"""

from commit_site.celery import app as celery_app

__all__ = ["celery_app"]
