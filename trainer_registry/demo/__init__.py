"""Generated demo data: organisations, officials, trainings and careers that never existed.

:mod:`~trainer_registry.demo.generator` builds plain records
(:mod:`~trainer_registry.demo.records`) from a seed;
:mod:`~trainer_registry.demo.loader` writes them to the database in one transaction.
"""
