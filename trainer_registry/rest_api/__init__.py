"""The registry's REST API, version 1: ``/api/v1/`` (token or session authentication).

Scoping is the same as the staff pages': :mod:`trainer_registry.access` narrows every
query, so a record out of a caller's reach answers 404.
"""
