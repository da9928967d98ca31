"""The standalone site's Celery application.

``COMMIT_CELERY_BROKER`` (for example ``redis://127.0.0.1:6379/0``) turns queueing on; a
worker then runs with ``celery -A commit_site worker``. Without it tasks run inline.
Inside Open edX the platform's own Celery application and workers run the same tasks.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commit_site.settings")

app = Celery("commit_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
