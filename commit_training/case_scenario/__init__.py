"""The victim-identification case block (``commit_case_scenario``)."""
