"""Settings of the site under benchmark: the demo site's own, unchanged.

``run.py`` serves the site with this module so that anything the peer (xblock-poll)
needs stays out of the product's settings; xblock-poll itself is found through the
benchmark's own package folder on ``PYTHONPATH``. The floor block
(``benchmarks/blocks/floor.py``) is registered here, for this server alone.
"""

from benchmarks.blocks import floor
from commit_site.settings import *  # noqa: F403

floor.register()
