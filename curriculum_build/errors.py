"""The one error the course builder raises: where in the sources, and what is wrong."""

from __future__ import annotations

from pathlib import Path


class CurriculumError(Exception):
    """A source file that cannot be built, named by file and line, with the reason.

    ``str(error)`` reads ``curriculum/modules/ethics.yaml:12: unknown module 'ethic'`` so
    that an editor or a CI log links straight to the place to fix.
    """

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {reason}")
