"""The course team's download of a knowledge check's item responses (staff only)."""

from __future__ import annotations

from webob import Response
from xblock.core import XBlock

from commit_training import compat
from commit_training.scoring.response_export import responses_csv


class ResponseExportMixin:
    """``export_responses``: every learner's item responses of this block as CSV
    (:mod:`commit_training.scoring.response_export`), read from each learner's stored
    result; 403 for anyone but the course staff."""

    def export_url(self) -> str | None:
        """Where staff download the CSV; ``None`` for learners."""
        if not compat.is_staff(self):
            return None
        return self.runtime.handler_url(self, "export_responses")

    @XBlock.handler
    def export_responses(self, request, suffix=""):
        if not compat.is_staff(self):
            return Response(status=403, body=b"Course staff only.", content_type="text/plain")
        text = responses_csv(self.phase, compat.user_state_values(self, "result"))
        name = f"{self.assessment_id}-{self.phase}-item-responses.csv"
        return Response(
            body=text.encode("utf-8"),
            content_type="text/csv",
            charset="utf-8",
            content_disposition=f'attachment; filename="{name}"',
        )
