"""A runtime that runs the blocks in memory and records what they publish.

Content (OLX) is parsed once; each learner gets their own runtime over the same store,
so ``Scope.user_state`` is theirs and ``Scope.content`` is shared, as in a course.
"""

import json

from webob import Request
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager, Runtime


class LearnerService(UserService):
    def __init__(self, learner, *, staff=False):
        user = XBlockUser(is_current_user=True)
        user.opt_attrs["edx-platform.anonymous_user_id"] = learner
        user.opt_attrs["edx-platform.user_is_staff"] = staff
        super().__init__(user=user)

    def get_current_user(self):
        return self._user


class I18n:
    def gettext(self, text):
        return text

    ugettext = gettext

    def ngettext(self, singular, plural, n):
        return singular if n == 1 else plural

    ungettext = ngettext

    def get_language(self):
        """The active Django language, as the LMS's i18n service answers."""
        from django.utils import translation

        return translation.get_language() or "en"


class RecordingRuntime(Runtime):
    def __init__(self, store, ids, learner, published, *, staff=False):
        super().__init__(
            ids,
            ids,
            services={
                "field-data": KvsFieldData(store),
                "user": LearnerService(learner, staff=staff),
                "i18n": I18n(),
            },
        )
        self.user_id = learner
        self.published = published

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{handler_name}"

    def local_resource_url(self, block, uri):
        return f"/resource/{uri}"

    def resource_url(self, resource):
        return f"/resource/{resource}"

    def publish(self, block, event_type, event_data):
        self.published.append((self.user_id, event_type, event_data))


class Course:
    """One block's OLX in a shared store; ``learner(name)`` gives that learner's block."""

    def __init__(self, olx):
        self.store = DictKeyValueStore()
        self.ids = MemoryIdManager()
        self.published = []
        author = RecordingRuntime(self.store, self.ids, None, self.published)
        self.usage_id = author.parse_xml_string(olx)
        self.author_block = author.get_block(self.usage_id)

    def learner(self, name, *, staff=False):
        runtime = RecordingRuntime(self.store, self.ids, name, self.published, staff=staff)
        return runtime.get_block(self.usage_id)

    def events(self, learner=None, kind=None):
        return [
            data
            for who, event_type, data in self.published
            if (learner is None or who == learner) and (kind is None or event_type == kind)
        ]


def post(block, handler, payload=None, *, body=None, method="POST"):
    """Call a handler as the browser does; returns (status, decoded JSON)."""
    raw = body if body is not None else json.dumps(payload).encode()
    request = Request.blank("/", method=method, body=raw, content_type="application/json")
    response = block.runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body)
