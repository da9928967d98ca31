"""Settings of the site under the pages benchmark: the demo site's own, plus two things
that exist for this server alone (``benchmarks/registry_scale/pages.py`` starts it):

* the floor views (:mod:`benchmarks.registry_scale.pages_floor`) under ``/floor/``, in
  the same process and behind the same middleware as the staff pages and the API, so
  that a page and its floor pay the same HTTP, session and login costs;
* a middleware, first of all, that counts the SQL statements of each request and answers
  them in the ``X-Queries`` header (the page's own statements, the session's and the
  login's included, for a page and a floor alike).
"""

from commit_site.settings import *  # noqa: F403
from commit_site.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.registry_scale.pages_floor"
MIDDLEWARE = ["benchmarks.registry_scale.pages_floor.count_queries", *MIDDLEWARE]
