"""Subcommands of ``trainer-registry``; see :mod:`trainer_registry.cli` for their contract."""
