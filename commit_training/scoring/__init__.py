"""Pure scoring cores of the COMMIT blocks.

Nothing here imports XBlock or Django: each module takes plain data (frozen dataclasses
built from a block's content and a learner's answer) and returns plain results, so the
rules can be read, tested and reused on their own.
"""
