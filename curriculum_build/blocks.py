"""Block declarations in the sources, checked and rendered as the OLX of the COMMIT blocks.

A unit lists components; a component ``- block: <kind>`` declares one of the four blocks
in place (or ``- include: file.yaml`` names a file holding one). Each declaration is
checked here against the OLX contract (``docs/olx.md``) and the authoring rules, so a
broken declaration stops the build with its file and line instead of reaching a learner:

- knowledge checks: a question bank file, single choice with exactly one correct
  option, feedback on every option; a pre-test and a post-test share a bank (a national
  course's bank also takes the pack's questions, :mod:`.national`), an exam has a bank
  of its own that shares no question with any pre/post bank (:mod:`.exam_bank`); the
  objectives split the pre/post questions into forms A and B (:mod:`.blueprint`);
- case scenarios: indicators from the shared catalogue, at least one present and one
  distractor, the Palermo act for child lists, and a stated ``intended_conclusion``
  that must equal what the blocks' own combination rule gives
  (:mod:`.case_declaration`);
- interview simulations: a sound graph, feedback and principles on every choice, a good
  and a poor ending (:mod:`.interview_declaration`);
- course evaluations: Likert items on a known scale, free-text items with a length.
"""

from __future__ import annotations

from lxml import etree

from .block_fields import count, identifier, mapping_at
from .case_declaration import case_scenario
from .context import CourseContext
from .course_model import POST_TEST, AssessmentItem, Component
from .exam_bank import check_exam_bank
from .interview_declaration import interview_sim
from .national import national_questions
from .sources import SourceMap, only_keys, optional, require

PHASES = ("pre", "post", "exam")
BLOCK_TAGS = {
    "knowledge_check": "commit_knowledge_check",
    "case_scenario": "commit_case_scenario",
    "interview_sim": "commit_interview_sim",
    "course_evaluation": "commit_course_evaluation",
}


def block_component(ctx: CourseContext, spec: SourceMap) -> Component:
    """Check one block declaration and render it; raise CurriculumError where it is wrong."""
    kind = require(spec, "block")
    if kind not in BLOCK_TAGS:
        raise spec.error("block", f"unknown block {kind!r}; known: {', '.join(BLOCK_TAGS)}")
    url_name = identifier(spec, "url_name")
    display_name = ctx.plain(spec, "display_name")
    render = {
        "knowledge_check": _knowledge_check,
        "case_scenario": case_scenario,
        "interview_sim": interview_sim,
        "course_evaluation": _course_evaluation,
    }[kind]
    element = etree.Element(BLOCK_TAGS[kind], url_name=url_name, display_name=display_name)
    component = Component(url_name, display_name, BLOCK_TAGS[kind], [element])
    render(ctx, spec, element, component)
    return component


def _knowledge_check(
    ctx: CourseContext, spec: SourceMap, element: etree._Element, component: Component
) -> None:
    only_keys(
        spec,
        {"block", "url_name", "display_name", "phase", "bank", "max_attempts", "weight", "shuffle"},
        "a knowledge check",
    )
    phase = require(spec, "phase")
    if phase not in PHASES:
        raise spec.error("phase", f"phase {phase!r} must be 'pre', 'post' or 'exam'")
    bank, bank_path = ctx.include(spec, "bank")
    only_keys(
        bank, {"assessment_id", "pass_percent", "questions", "question_files"}, "a question bank"
    )
    assessment_id = identifier(bank, "assessment_id")
    pass_percent = optional(bank, "pass_percent", int, 70)
    if not 0 <= pass_percent <= 100:
        raise bank.error("pass_percent", "pass_percent must be between 0 and 100")
    element.set("assessment_id", assessment_id)
    element.set("phase", phase)
    element.set("max_attempts", str(count(spec, "max_attempts", 1, minimum=0)))
    element.set("weight", str(count(spec, "weight", 1, minimum=0)))
    element.set("shuffle", "true" if optional(spec, "shuffle", bool, True) else "false")
    element.set("pass_percent", str(pass_percent))
    lists = _question_lists(ctx, bank)
    if phase != "exam":
        lists.extend(national_questions(ctx))
    questions = [
        mapping_at(rows, index, "a question") for rows in lists for index, _ in enumerate(rows)
    ]
    if not questions:
        raise bank.error("questions", "the question bank has no questions")
    if phase == "exam":
        check_exam_bank(ctx, bank_path, assessment_id, questions)
    seen: set[str] = set()
    for question in questions:
        element.append(_question(ctx, question, seen))
        # The post-test and the exam name the items; the pre-test asks the post-test's.
        if phase != "pre":
            prompt = ctx.plain(question, "prompt")
            component.items.append(
                AssessmentItem(
                    f"{assessment_id}/{question['id']}", f"{prompt} ({component.display_name})"
                )
            )
    component.assessment = (assessment_id, phase)
    if phase != "pre":
        component.graded_format = POST_TEST


def _question_lists(ctx: CourseContext, bank: SourceMap) -> list:
    """The bank's own questions, then those of each file under ``question_files``.

    Topic files (``curriculum/questions/<topic>.yaml``, each ``questions:``) let several
    courses share the questions of a module they share.
    """
    lists = [require(bank, "questions", list)] if "questions" in bank else []
    for index, _ in enumerate(optional(bank, "question_files", list, [])):
        holder = SourceMap(file=bank["question_files"][index])
        holder.path, holder.line = bank.path, bank["question_files"].item_lines[index]
        holder.key_lines = {"file": holder.line}
        topic, _ = ctx.include(holder, "file")
        only_keys(topic, {"questions"}, "a question file")
        lists.append(require(topic, "questions", list))
    return lists


def _question(ctx: CourseContext, spec: SourceMap, seen: set[str]) -> etree._Element:
    only_keys(spec, {"id", "kind", "prompt", "options", "explanation"}, "a question")
    question_id = identifier(spec, "id")
    if question_id in seen:
        raise spec.error("id", f"question id {question_id!r} is repeated in this bank")
    seen.add(question_id)
    kind = optional(spec, "kind", str, "single")
    if kind not in ("single", "multiple"):
        raise spec.error("kind", f"kind {kind!r} must be 'single' or 'multiple'")
    element = etree.Element("question", id=question_id, kind=kind)
    ctx.fill(etree.SubElement(element, "prompt"), spec, "prompt")
    options = require(spec, "options", list)
    if len(options) < 2:
        raise spec.error("options", f"question {question_id!r} needs at least two options")
    option_ids: set[str] = set()
    correct = 0
    for index, _ in enumerate(options):
        option = mapping_at(options, index, "an option")
        only_keys(option, {"id", "text", "correct", "feedback"}, "an option")
        option_id = identifier(option, "id")
        if option_id in option_ids:
            raise option.error("id", f"option id {option_id!r} is repeated in this question")
        option_ids.add(option_id)
        is_correct = optional(option, "correct", bool, False)
        correct += is_correct
        node = etree.SubElement(element, "option", id=option_id)
        if is_correct:
            node.set("correct", "true")
        node.text = ctx.plain(option, "text")
        ctx.fill(etree.SubElement(node, "feedback"), option, "feedback")
    if correct == 0:
        raise spec.error("options", f"question {question_id!r} has no correct option")
    if kind == "single" and correct > 1:
        raise spec.error(
            "options", f"question {question_id!r} is single choice but has {correct} correct"
        )
    if "explanation" in spec:
        ctx.fill(etree.SubElement(element, "explanation"), spec, "explanation")
    return element


def _course_evaluation(
    ctx: CourseContext, spec: SourceMap, element: etree._Element, component: Component
) -> None:
    only_keys(spec, {"block", "url_name", "display_name", "items"}, "a course evaluation")
    items = require(spec, "items", list)
    if not items:
        raise spec.error("items", "an evaluation needs at least one item")
    seen: set[str] = set()
    for index, _ in enumerate(items):
        item = mapping_at(items, index, "an evaluation item")
        only_keys(item, {"id", "kind", "scale", "max_length", "prompt"}, "an evaluation item")
        item_id = identifier(item, "id")
        if item_id in seen:
            raise item.error("id", f"item id {item_id!r} is repeated")
        seen.add(item_id)
        kind = require(item, "kind")
        if kind == "likert":
            scale = require(item, "scale")
            if scale not in ("agreement", "confidence"):
                raise item.error("scale", f"scale {scale!r} must be 'agreement' or 'confidence'")
            node = etree.SubElement(element, "likert", id=item_id, scale=scale)
        elif kind == "text":
            length = count(item, "max_length", 2000, minimum=1)
            node = etree.SubElement(element, "text", id=item_id, max_length=str(length))
        else:
            raise item.error("kind", f"kind {kind!r} must be 'likert' or 'text'")
        node.text = ctx.plain(item, "prompt")
