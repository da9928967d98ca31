"""Tutor plugin for COMMIT Training."""
