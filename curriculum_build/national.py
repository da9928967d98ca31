"""National courses: one NTP per COMMIT country from a shared course and a national pack.

A course file that says ``national: <folder>`` is not built itself: each YAML file in
that folder (``courses/ntp/countries/kh.yaml``, ...) is a national pack, and the course
``<course>-<pack>`` (``ntp-kh``) is the shared course with the pack laid over it:

- the pack gives the course's ``id``, ``number``, ``title``, ``overview``, the
  ``country`` it serves, the ``placeholders`` of the shared text (each filled from cited
  facts) and, optionally, the catalogue languages (``translations``);
- its ``chapters`` go where the shared course lists ``- national: chapters``, and its
  ``plan`` sessions where a day of the shared plan lists ``- national: sessions``;
- its ``objectives`` and ``references`` are added to the shared ones;
- its questions, ``<pack>/questions.yaml`` beside the pack file (``countries/kh/
  questions.yaml``, a ``questions:`` list with ids starting ``<pack>_``), are added to
  the course's pre/post bank (``ntp-core``), and its objectives name them
  ``ntp-core/<id>``.
"""

from __future__ import annotations

from pathlib import Path

from .block_fields import identifier, mapping_at
from .context import CourseContext
from .errors import CurriculumError
from .sources import SourceList, SourceMap, load_yaml, only_keys, optional, require

QUESTIONS_FILE = "questions.yaml"

PACK_KEYS = {
    "country",
    "id",
    "number",
    "title",
    "overview",
    "placeholders",
    "chapters",
    "plan",
    "objectives",
    "references",
    "translations",
}
OWN_KEYS = ("id", "number", "title", "overview", "placeholders", "translations")


def national_packs(root: Path, name: str, spec: SourceMap) -> dict[str, Path]:
    """``{course name: pack file}`` for a shared course (empty for an ordinary one)."""
    if "national" not in spec:
        return {}
    folder = root / "courses" / name / require(spec, "national")
    packs = {f"{name}-{path.stem}": path for path in sorted(folder.glob("*.yaml"))}
    if not packs:
        raise spec.error("national", f"no national pack in {folder.relative_to(root.parent)}")
    return packs


def national_course(base: SourceMap, pack: SourceMap) -> SourceMap:
    """The shared course ``base`` with the national ``pack`` laid over it."""
    only_keys(pack, PACK_KEYS, "a national pack")
    require(pack, "country")
    merged = SourceMap()
    merged.path, merged.line, merged.key_lines = base.path, base.line, dict(base.key_lines)
    for key, value in base.items():
        if key != "national":
            merged[key] = value
    for key in OWN_KEYS:
        if key in pack:
            merged[key] = pack[key]
            merged.key_lines[key] = pack.line_of(key)
    merged["chapters"] = _insert(
        base, "chapters", optional(pack, "chapters", list, _empty(pack)), "chapters"
    )
    if "plan" in base:
        merged["plan"] = _plan(base, optional(pack, "plan", list, _empty(pack)))
    for key in ("objectives", "references"):
        if key in pack:
            merged[key] = _joined(base.get(key) or _empty(base), require(pack, key, list))
    return merged


def _insert(holder: SourceMap, key: str, extra: SourceList, marker: str) -> SourceList:
    """``holder[key]`` with ``extra`` in place of its ``- national: <marker>`` item."""
    rows = require(holder, key, list)
    result = _empty(rows)
    found = False
    for index, row in enumerate(rows):
        if isinstance(row, dict) and row.get("national") == marker:
            found = True
            result.extend(extra)
            result.item_lines.extend(extra.item_lines)
        else:
            result.append(row)
            result.item_lines.append(rows.item_lines[index])
    if not found:
        raise holder.error(key, f"the shared course has no '- national: {marker}' item here")
    return result


def _plan(base: SourceMap, sessions: SourceList) -> SourceList:
    """The shared plan with the pack's sessions on the day that asks for them."""
    days = require(base, "plan", list)
    result = _empty(days)
    placed = False
    for index, day in enumerate(days):
        if isinstance(day, SourceMap) and any(
            isinstance(s, dict) and s.get("national") == "sessions"
            for s in require(day, "sessions", list)
        ):
            copy = SourceMap(day)
            copy.path, copy.line, copy.key_lines = day.path, day.line, day.key_lines
            copy["sessions"] = _insert(day, "sessions", sessions, "sessions")
            day, placed = copy, True
        result.append(day)
        result.item_lines.append(days.item_lines[index])
    if not placed:
        raise CurriculumError(
            days.path, days.line, "the shared plan has no '- national: sessions' item"
        )
    return result


def _joined(first: SourceList, second: SourceList) -> SourceList:
    result = _empty(first)
    for rows in (first, second):
        result.extend(rows)
        result.item_lines.extend(rows.item_lines)
    return result


def _empty(like) -> SourceList:
    result = SourceList()
    result.path, result.line, result.item_lines = like.path, like.line, []
    return result


def load_pack(path: Path, root: Path) -> SourceMap:
    return load_yaml(path, display=path.relative_to(root.parent))


def pack_questions(pack: Path) -> Path | None:
    """The pack's own question file (``<pack folder>/<pack>/questions.yaml``), if any."""
    path = pack.parent / pack.stem / QUESTIONS_FILE
    return path if path.is_file() else None


def national_questions(ctx: CourseContext) -> list[SourceList]:
    """The national pack's questions for the course's pre/post bank (none outside a pack).

    Each id starts with the pack's name and ``_`` (``kh_referral_hotline``), so that no
    national question can take the id of a shared one.
    """
    if ctx.national_questions is None:
        return []
    source = ctx.load(ctx.national_questions)
    only_keys(source, {"questions"}, "a national question file")
    rows = require(source, "questions", list)
    prefix = f"{ctx.national_prefix}_"
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "a question")
        question_id = identifier(row, "id")
        if not question_id.startswith(prefix):
            raise row.error(
                "id", f"national question id {question_id!r} must start with {prefix!r}"
            )
    return [rows]
