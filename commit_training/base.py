"""What every COMMIT block shares, as small mixins whose docstrings state the contract."""

from __future__ import annotations

import copy
import functools
import importlib.resources
import json
import logging

from webob import Response
from xblock.core import XBlock
from xblock.fields import Float, Integer, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.validation import ValidationMessage

from commit_training import compat
from commit_training.olx import ContentError, append_inner_xml, inner_xml

log = logging.getLogger(__name__)
loader = ResourceLoader("commit_training")

MAX_BODY_BYTES = 64 * 1024  # no honest answer to these blocks comes near this
MAX_DEPTH = 16  # an answer is an object of lists and objects a few levels deep


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` (parsed JSON) nests lists and objects more than ``limit`` deep;
    walked without recursion, so that no nesting can exhaust the stack."""
    level = [value]
    for _depth in range(limit + 1):
        level = [
            child
            for item in level
            if isinstance(item, (dict, list))
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return True


def _(text: str) -> str:
    """Mark a string for extraction; it is translated when shown, by the i18n service."""
    return text


class JsonError(Exception):
    """A request the block refuses; becomes a JSON error response, state unchanged."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field

    def response(self) -> Response:
        body = {"error": self.message}
        if self.field:
            body["field"] = self.field
        return Response(
            json.dumps(body), status=self.status, content_type="application/json", charset="utf8"
        )


def json_submit(method):
    """Turn ``method(self, data: dict) -> dict`` into a handler that answers in JSON.

    Refuses, with a JSON error and nothing stored: anything but POST (405), bodies over
    64 KB (413), malformed JSON, JSON nested deeper than ``MAX_DEPTH`` or a body that is
    not a JSON object (400), and whatever the method raises as :class:`JsonError`. Fields
    are saved only after the method returns, so a refusal leaves the learner's state as
    it was: what the method changed before raising is dropped unsaved
    (:func:`discard_unsaved`).
    """

    @XBlock.handler
    @functools.wraps(method)
    def handler(self, request, suffix=""):
        if request.method != "POST":
            return JsonError(405, self.ugettext("Send answers with POST.")).response()
        length = request.content_length or 0
        body = request.body
        if length > MAX_BODY_BYTES or len(body) > MAX_BODY_BYTES:
            return JsonError(413, self.ugettext("The answer is too large.")).response()
        try:
            data = json.loads(body.decode("utf-8"))
            deep = too_deep(data)
        except (ValueError, UnicodeDecodeError):
            return JsonError(400, self.ugettext("The answer is not valid JSON.")).response()
        except RecursionError:  # deeper than the parser's stack
            deep = True
        if deep:
            return JsonError(400, self.ugettext("The answer is nested too deeply.")).response()
        if not isinstance(data, dict):
            return JsonError(400, self.ugettext("The answer must be a JSON object.")).response()
        try:
            result = method(self, data)
        except JsonError as error:
            discard_unsaved(self)
            return error.response()
        return Response(json.dumps(result), content_type="application/json", charset="utf8")

    return handler


def discard_unsaved(block) -> None:
    """Forget every field value ``block`` holds but has not saved: the next read gives
    the stored value again and ``save()`` writes nothing.

    XBlock keeps a block's unsaved values in ``_field_data_cache`` and the fields that
    may have changed in ``_dirty_fields`` (a field set, or a list or dict read, since
    it can be changed in place); dropping both is what a block made afresh would hold.
    """
    for field in list(block._dirty_fields):
        block._field_data_cache.pop(field.name, None)
    block._clear_dirty_fields()


def claim(block, step: str) -> None:
    """Refuse (409, state unchanged) a step another request of this learner has just
    taken: see :func:`compat.claim_once`."""
    if not compat.claim_once(block, step):
        raise JsonError(
            409,
            block.ugettext(
                "This answer was already sent, from another tab or a second click. "
                "Reload the page to see your result."
            ),
        )


# (block class, content_xml, settings) -> the content ready to use, or None (see
# ContentXmlMixin.content_or_none). Contents are immutable, so threads share them.
_CHECKED: dict[tuple, object] = {}
MAX_CHECKED = 1024


class ContentXmlMixin:
    """Keeps the elements inside the block's OLX tag in ``content_xml``, as written.

    Subclasses set ``content_tag`` and implement ``parse_content(content_xml)`` (cached,
    pure: returns the scoring core's dataclasses or raises ContentError) and
    ``content_problems(content)`` (authoring errors as sentences).
    """

    content_xml = String(
        display_name=_("Content (OLX)"),
        help=_("The questions, stages or dialogue of this activity, in OLX."),
        scope=Scope.content,
        default="",
        multiline_editor=True,
    )

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        for name, value in node.items():
            if name in block.fields and name != "content_xml":
                field = block.fields[name]
                try:
                    setattr(block, name, field.from_string(value))
                except (ValueError, TypeError) as error:
                    raise ContentError(
                        f"<{node.tag}> line {node.sourceline}: {name}={value!r}: {error}"
                    ) from None
        block.content_xml = inner_xml(node)
        return block

    def add_xml_to_node(self, node):
        node.tag = self.scope_ids.block_type
        for name, field in sorted(self.fields.items()):
            if name in ("content_xml", "parent", "children", "tags"):
                continue
            if field.scope not in (Scope.content, Scope.settings) or not field.is_set_on(self):
                continue
            node.set(name, field.to_string(getattr(self, name)))
        append_inner_xml(node, self.content_xml)

    # The fields other than ``content_xml`` that ``parse_content`` and ``content_problems``
    # read (the phase, the indicator list ...): with it, the key of a checked content.
    content_settings: tuple[str, ...] = ()

    @property
    def content(self):
        return self.parse_content(self.content_xml)

    def content_or_none(self):
        """The parsed content, or None when it is wrong or has authoring problems.

        Checked once per content and settings in a process (parsing is cached too), not
        on every request: every learner of a block reads the same content."""
        key = (type(self), self.content_xml, *(getattr(self, n) for n in self.content_settings))
        try:
            return _CHECKED[key]
        except KeyError:
            pass
        try:
            content = self.content
        except ContentError:
            content = None
        if content is not None and self.content_problems(content):
            content = None
        if len(_CHECKED) >= MAX_CHECKED:
            _CHECKED.clear()
        _CHECKED[key] = content
        return content

    def validate(self):
        validation = super().validate()
        try:
            problems = self.content_problems(self.content)
        except ContentError as error:
            problems = [str(error)]
        for problem in problems:
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem))
        return validation

    def validate_field_data(self, validation, data):
        content_xml = getattr(data, "content_xml", "")
        try:
            problems = self.content_problems(self.parse_content(content_xml))
        except ContentError as error:
            problems = [str(error)]
        for problem in problems:
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem))


class ScoredMixin:
    """A graded block: ``has_score``, ``weight``, ``max_score()``, attempts, publishing.

    Grades and completion are published only from results the server computed, and
    only in a course context (see :func:`compat.in_course_context`). The raw score is
    between 0 and 1 (``max_score()`` is 1); the gradebook applies ``weight``.
    """

    has_score = True
    weight = Float(
        display_name=_("Problem weight"),
        help=_("How many points this activity is worth in the course grade."),
        scope=Scope.settings,
        default=1.0,
        values={"min": 0},
    )
    max_attempts = Integer(
        display_name=_("Maximum attempts"),
        help=_("How many times a learner may submit (0 for no limit)."),
        scope=Scope.settings,
        default=1,
        values={"min": 0},
    )
    attempts = Integer(scope=Scope.user_state, default=0)
    raw_score = Float(scope=Scope.user_state, default=None)

    def max_score(self) -> float:
        return 1.0

    def attempts_left(self) -> int | None:
        if not self.max_attempts:
            return None
        return max(self.max_attempts - self.attempts, 0)

    def check_attempts_left(self) -> None:
        left = self.attempts_left()
        if left is not None and left <= 0:
            raise JsonError(409, self.ugettext("You have used all your attempts."))

    def claim_attempt(self) -> None:
        """Count this submit as the learner's next attempt, or refuse it if another
        request (a second click, another tab) took that attempt a moment ago: limits hold
        under simultaneous submits, and one attempt publishes one grade."""
        claim(self, f"attempt {self.attempts + 1}")
        self.attempts += 1

    def record_score(self, score: float, *, keep_best: bool = False) -> float:
        """Store and publish the server-computed score (0..1); returns what counts."""
        if keep_best and self.raw_score is not None:
            score = max(score, self.raw_score)
        self.raw_score = score
        if compat.in_course_context(self):
            self.runtime.publish(
                self,
                "grade",
                {"value": score, "max_value": self.max_score(), "only_if_higher": keep_best},
            )
            self.runtime.publish(self, "completion", {"completion": 1.0})
        return score


@functools.cache
def _compiled(template: str, merge_catalogue: bool):
    """``templates/<template>`` compiled once per process.

    ``ResourceLoader.render_django_template`` builds a template engine (listing every
    installed template library) and compiles the file on every call: about half the time
    of a learner's submit. The same engine libraries, once.

    ``merge_catalogue``: with XBlock's ``i18n`` tags, which merge the block's own
    catalogue (the i18n service's, inside Open edX) into Django's at every tag and
    activate the language again after it. Without (an i18n service with no catalogue of
    its own, as in the standalone site, where the blocks' catalogue is one of Django's
    locale paths), Django's own ``i18n`` tags translate the same messages from the same
    catalogue, without that work at every tag.
    """
    # Django's template machinery, loaded on first render: the blocks import without a
    # configured Django (the course builder and the pure tests import them).
    from django.template import Engine, Template
    from django.template.backends.django import get_installed_libraries

    libraries = get_installed_libraries()
    if merge_catalogue:
        libraries = {**libraries, "i18n": "xblock.utils.templatetags.i18n"}
    return Template(
        loader.load_unicode(f"templates/{template}"), engine=Engine(libraries=libraries)
    )


def render(block, template: str, context: dict) -> str:
    from django.template import Context  # loaded on first render, as in _compiled

    i18n_service = block.runtime.service(block, "i18n")
    # What Django's DjangoTranslation.merge, called by XBlock's tags, merges: nothing
    # when the service has no catalogue.
    merge_catalogue = bool(getattr(i18n_service, "_catalog", None))
    return _compiled(template, merge_catalogue).render(
        Context({**context, "_i18n_service": i18n_service})
    )


def event(block, action: str, payload: dict) -> None:
    """Emit ``commit_training.<block>.<action>`` (documented in docs/events.md)."""
    block.runtime.publish(block, f"commit_training.{block.event_name}.{action}", payload)


class CommitBlockMixin:
    """Resources served from the package's ``static/`` folder; translation helpers."""

    resources_dir = ""
    public_dir = "static"
    i18n_js_namespace = "CommitTrainingI18N"

    @classmethod
    def _open_resource(cls, uri):
        return importlib.resources.files("commit_training").joinpath(uri).open("rb")

    def _reset_dirty_field(self, field):
        """After a save, XBlock keeps a copy of each saved value, to tell whether it is
        changed in place before the next save. The blocks' values are JSON (the store
        keeps them as JSON), so the copy goes through the C JSON codec rather than
        ``copy.deepcopy``, which was a tenth of a knowledge-check submit. A value JSON
        does not carry as it is (a tuple, a set) gets ``copy.deepcopy``, as in XBlock."""
        if field not in self._dirty_fields:
            return
        value = self._field_data_cache[field.name]
        try:
            copied = json.loads(json.dumps(value))
        except (TypeError, ValueError):
            copied = None
        if copied != value or type(copied) is not type(value):
            copied = copy.deepcopy(value)
        self._dirty_fields[field] = copied

    def gettext(self, text: str) -> str:
        return self.runtime.service(self, "i18n").gettext(text)

    def ugettext(self, text: str) -> str:
        return self.gettext(text)
