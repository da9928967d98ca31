#!/usr/bin/env python
"""Django's command line for the standalone COMMIT Training site."""

import sys

from commit_site.entrypoint import run_management_command

if __name__ == "__main__":
    sys.exit(run_management_command(sys.argv))
