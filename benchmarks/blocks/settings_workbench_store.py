"""The benchmark's site with the workbench's own store of XBlock state, as xblock-sdk ships it.

Everything else is the benchmark site's (``settings.py``): ``run.py`` serves it after the
main measurement to measure xblock-poll where the issue measured it, on a store that
reads and writes field by field, each write its own transaction.
"""

from benchmarks.blocks.settings import *  # noqa: F403

COMMIT_WORKBENCH_STORE = "workbench"
