"""The course builder: curriculum sources (YAML and Markdown) into Open edX OLX archives.

Run ``python -m curriculum_build`` (``make curriculum``) to write
``dist/curriculum/<course>.tar.gz`` for every course; ``--help`` lists the other tasks
(manifest, translation catalogues, translated builds). Bad input raises
:class:`CurriculumError` naming the file, the line and what is wrong.
"""

from .build import (
    build_archives,
    build_course,
    course_archives,
    course_names,
    extract_messages,
    manifest,
    write_manifest,
)
from .errors import CurriculumError
from .workbench import workbench_units

__all__ = [
    "CurriculumError",
    "build_archives",
    "build_course",
    "course_archives",
    "course_names",
    "extract_messages",
    "manifest",
    "workbench_units",
    "write_manifest",
]
