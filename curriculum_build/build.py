"""Building the courses: sources in ``curriculum/``, archives in ``dist/curriculum/``.

Public functions (re-exported by the package):

- :func:`course_names` - the courses in the sources (``courses/<name>/course.yaml``, and
  one ``<name>-<pack>`` per national pack of a shared course, :mod:`.national`);
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
from .bibliography import Bibliography, load_bibliography
from .catalogues import LANGUAGES, MessageRecorder, read_catalogue, write_catalogues
from .context import CourseContext, Translator, untranslated
from .course_source import BuiltCourse, read_course
from .errors import CurriculumError
from .indicator_catalogue import IndicatorCatalogue, load_catalogue
from .national import load_pack, national_course, national_packs, pack_questions
from .olx import course_files
from .review_status import entry_statuses
from .sources import SourceMap, load_yaml, optional
from .translation_notice import add_notices

SOURCE_ROOT = Path(__file__).resolve().parents[1] / "curriculum"
MANIFEST = "manifest.json"
# Open edX spells the Chinese (simplified) locale in lower case with a hyphen.
OLX_LANGUAGE = {"zh_Hans": "zh-hans"}


def course_names(root: Path = SOURCE_ROOT) -> list[str]:
    """The courses found under ``root/courses``, sorted by name (national ones included)."""
    names: list[str] = []
    for path in sorted((root / "courses").glob("*/course.yaml")):
        name = path.parent.name
        packs = national_packs(root, name, load_yaml(path, display=path.relative_to(root.parent)))
        names.extend(packs or [name])
    return sorted(names)


def build_course(
    name: str,
    *,
    root: Path = SOURCE_ROOT,
    language: str | None = None,
    translate: Translator | None = None,
) -> BuiltCourse:
    """Read, check and assemble one course; raise :class:`CurriculumError` on bad input.

    ``language`` builds a translated course from ``locale/<language>/LC_MESSAGES/
    <name>.po`` (untranslated strings stay English), each unit whose translation is not
    yet final opening with a notice and its English source (:mod:`.translation_notice`);
    ``translate`` replaces the translator altogether (the message extraction passes a
    recorder).
    """
    root = root.resolve()
    spec, pack = _course_source(name, root)
    if language is None:
        return read_course(_context(root, pack, translate or untranslated), spec)
    if language not in LANGUAGES:
        raise CurriculumError(spec.path, None, f"no catalogue language {language!r}")
    if language not in catalogue_languages(spec):
        raise spec.error(None, f"course {name!r} is not set up for translation to {language}")
    po = _catalogue_folder(root, name) / language / "LC_MESSAGES" / f"{name}.po"
    built = read_course(_context(root, pack, _from_catalogue(read_catalogue(po))), spec)
    english = read_course(_context(root, pack, untranslated), spec)
    add_notices(built.course, english.course, entry_statuses(po), language)
    built.course.language = OLX_LANGUAGE.get(language, language)
    return built


def _context(root: Path, pack: Path | None, translate: Translator) -> CourseContext:
    return CourseContext(
        root=root,
        catalogue=_catalogue(root),
        bibliography=_bibliography(root),
        translate=translate,
        national_questions=pack_questions(pack) if pack else None,
        national_prefix=pack.stem if pack else "",
    )


def course_spec(name: str, root: Path = SOURCE_ROOT) -> SourceMap:
    """The course file of ``name``; for a national course, the shared one with its pack."""
    return _course_source(name, root)[0]


def _course_source(name: str, root: Path) -> tuple[SourceMap, Path | None]:
    """:func:`course_spec`, and the national pack's file when the course has one."""
    folder, _, pack = name.partition("-")
    course_file = root / "courses" / folder / "course.yaml"
    shown = course_file.relative_to(root.parent)
    if not course_file.is_file():
        raise CurriculumError(shown, None, f"course {name!r} does not exist")
    spec = load_yaml(course_file, display=shown)
    packs = national_packs(root, folder, spec)
    if not packs and not pack:
        return spec, None
    if name not in packs:
        known = ", ".join(packs) or "none"
        raise CurriculumError(shown, None, f"course {name!r} does not exist; national: {known}")
    return national_course(spec, load_pack(packs[name], root)), packs[name]


def catalogue_languages(spec: SourceMap) -> tuple[str, ...]:
    """The languages a course keeps catalogues for (``translations: [km, ...]``)."""
    languages = optional(spec, "translations", list, [])
    for language in languages:
        if language not in LANGUAGES:
            raise spec.error("translations", f"{language!r} is not one of {', '.join(LANGUAGES)}")
    return tuple(languages)


def _catalogue(root: Path) -> IndicatorCatalogue:
    return load_catalogue(
        root / "indicators.yaml", display=(root / "indicators.yaml").relative_to(root.parent)
    )


def _bibliography(root: Path) -> Bibliography:
    """The bibliography, with every indicator's ``source`` checked against it."""
    bibliography = load_bibliography(root)
    for indicators in _catalogue(root).lists.values():
        for indicator in indicators.values():
            if "source" in indicator.source:
                bibliography.check_key(indicator.source, "source")
    return bibliography


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
        for name in translatable_courses(root, language):
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


def translatable_courses(root: Path = SOURCE_ROOT, language: str | None = None) -> list[str]:
    """The courses with catalogues (for ``language``, when given)."""
    return [
        name
        for name in course_names(root)
        if (languages := catalogue_languages(course_spec(name, root)))
        and (language is None or language in languages)
    ]


def extract_messages(root: Path = SOURCE_ROOT) -> list[Path]:
    """Write ``<name>.pot`` and the ``.po`` catalogues of each translatable course."""
    written: list[Path] = []
    for name in translatable_courses(root):
        recorder = MessageRecorder()
        built = build_course(name, root=root, translate=recorder)
        title = f"Translations of the course {built.course.title} ({name})."
        written += write_catalogues(
            _catalogue_folder(root, name),
            name,
            title,
            list(recorder.messages),
            languages=catalogue_languages(course_spec(name, root)),
        )
    return written


def _catalogue_folder(root: Path, name: str) -> Path:
    return root / "courses" / name.partition("-")[0] / "locale"


def _from_catalogue(entries: dict[str, str]) -> Translator:
    def translate(text: str) -> str:
        return entries.get(text) or text

    return translate
