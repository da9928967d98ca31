"""The COMMIT trainer registry: people, trainings, certification and follow-up.

Other packages use :mod:`trainer_registry.api` and nothing else.
"""

__version__ = "0.1.0"
