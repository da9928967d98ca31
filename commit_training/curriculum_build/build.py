"""Building the courses: sources in ``curriculum/``, archives in ``dist/curriculum/``.

Public functions (re-exported by the package):

- :func:`course_names` - the courses in the sources (``courses/<name>/course.yaml``);
- :func:`build_course` - one course read, checked and assembled;
- :func:`build_archives` - every course written as ``<name>.tar.gz`` (OLX, ``course/``
  root folder), translated variants ``<name>-<lang>.tar.gz`` on request;
- :func:`manifest` - the SHA-256 of every built file, per course, as committed in
  ``curriculum/manifest.json`` so a test sees when sources and build disagree;
- :func:`extract_messages` - the gettext catalogues of the translatable courses.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .archive import course_archive
from .catalogues import LANGUAGES, MessageRecorder, read_catalogue, write_catalogues
from .context import CourseContext, Translator, untranslated
from .course_source import BuiltCourse, read_course
from .errors import CurriculumError
from .indicator_catalogue import load_catalogue
from .olx import course_files
from .sources import load_yaml, optional

SOURCE_ROOT = Path(__file__).resolve().parents[2] / "curriculum"
MANIFEST = "manifest.json"
# Open edX spells the Chinese (simplified) locale in lower case with a hyphen.
OLX_LANGUAGE = {"zh_Hans": "zh-hans"}


def course_names(root: Path = SOURCE_ROOT) -> list[str]:
    """The courses found under ``root/courses``, sorted by name."""
    return sorted(p.parent.name for p in (root / "courses").glob("*/course.yaml"))


def build_course(
    name: str,
    *,
    root: Path = SOURCE_ROOT,
    language: str | None = None,
    translate: Translator | None = None,
) -> BuiltCourse:
    """Read, check and assemble one course; raise :class:`CurriculumError` on bad input.

    ``language`` builds a translated course from ``locale/<language>/LC_MESSAGES/
    <name>.po`` (untranslated strings stay English); ``translate`` replaces the
    translator altogether (the message extraction passes a recorder).
    """
    root = root.resolve()
    course_file = root / "courses" / name / "course.yaml"
    shown = course_file.relative_to(root.parent)
    if not course_file.is_file():
        raise CurriculumError(shown, None, f"course {name!r} does not exist")
    catalogue = load_catalogue(
        root / "indicators.yaml", display=(root / "indicators.yaml").relative_to(root.parent)
    )
    spec = load_yaml(course_file, display=shown)
    if language is not None:
        if language not in LANGUAGES:
            raise CurriculumError(shown, None, f"no catalogue language {language!r}")
        if not optional(spec, "translations", bool, False):
            raise spec.error(None, f"course {name!r} is not set up for translation")
        entries = read_catalogue(
            _catalogue_folder(root, name) / language / "LC_MESSAGES" / f"{name}.po"
        )
        translate = _from_catalogue(entries)
    ctx = CourseContext(root=root, catalogue=catalogue, translate=translate or untranslated)
    built = read_course(ctx, spec)
    if language is not None:
        built.course.language = OLX_LANGUAGE.get(language, language)
    return built


def course_archives(root: Path = SOURCE_ROOT) -> dict[str, bytes]:
    """Every course's archive bytes, keyed by file name (``rtp.tar.gz``, ...)."""
    return {
        f"{name}.tar.gz": course_archive(course_files(build_course(name, root=root).course))
        for name in course_names(root)
    }


def build_archives(
    out: Path, *, root: Path = SOURCE_ROOT, languages: tuple[str, ...] = ()
) -> list[Path]:
    """Write every course archive (and the translated ones asked for) into ``out``.

    Everything is built in memory first: on bad input nothing is written.
    """
    archives = course_archives(root)
    for language in languages:
        for name in translatable_courses(root):
            course = build_course(name, root=root, language=language).course
            archives[f"{name}-{language}.tar.gz"] = course_archive(course_files(course))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, content in sorted(archives.items()):
        path = out / file_name
        path.write_bytes(content)
        written.append(path)
    return written


def manifest(root: Path = SOURCE_ROOT) -> dict[str, dict[str, str]]:
    """``{course: {path in archive: sha256 of its content}}`` for every course."""
    return {
        name: {
            path: hashlib.sha256(content).hexdigest()
            for path, content in course_files(build_course(name, root=root).course).items()
        }
        for name in course_names(root)
    }


def manifest_text(data: dict[str, dict[str, str]]) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def write_manifest(root: Path = SOURCE_ROOT) -> Path:
    """Regenerate ``curriculum/manifest.json`` from the sources."""
    path = root / MANIFEST
    path.write_text(manifest_text(manifest(root)), encoding="utf-8")
    return path


def translatable_courses(root: Path = SOURCE_ROOT) -> list[str]:
    found = []
    for name in course_names(root):
        spec = load_yaml(root / "courses" / name / "course.yaml")
        if optional(spec, "translations", bool, False):
            found.append(name)
    return found


def extract_messages(root: Path = SOURCE_ROOT) -> list[Path]:
    """Write ``<name>.pot`` and the six ``.po`` catalogues of each translatable course."""
    written: list[Path] = []
    for name in translatable_courses(root):
        recorder = MessageRecorder()
        built = build_course(name, root=root, translate=recorder)
        title = f"Translations of the course {built.course.title} ({name})."
        written += write_catalogues(
            _catalogue_folder(root, name), name, title, list(recorder.messages)
        )
    return written


def _catalogue_folder(root: Path, name: str) -> Path:
    return root / "courses" / name / "locale"


def _from_catalogue(entries: dict[str, str]) -> Translator:
    def translate(text: str) -> str:
        return entries.get(text) or text

    return translate
