"""The public answer page of follow-up surveys: no login, a single-use link, the person's
own language, consent first. What a link cannot do is said plainly, with nothing stored."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from trainer_registry.followup import campaigns
from trainer_registry.pages.forms import FollowUpAnswerForm

STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _closed(request, message: str, status: int):
    return render(
        request, "trainer_registry/followup_closed.html", {"message": message}, status=status
    )


class AnswerView(View):
    template_name = "trainer_registry/followup_answer.html"

    def dispatch(self, request, campaign, token):
        try:
            self.invitation = campaigns.open_invitation(campaign, token)
        except campaigns.InvitationError as error:
            return _closed(request, str(error), STATUS[error.reason])
        person = self.invitation.member.person
        self.trainer = person.events_led.exists() or person.events_co_facilitated.exists()
        with translation.override(person.language):
            return super().dispatch(request, campaign, token)

    def _form_page(self, request, form, status=200):
        context = {"form": form, "campaign": self.invitation.member.campaign}
        return render(request, self.template_name, context, status=status)

    def get(self, request, campaign, token):
        return self._form_page(request, FollowUpAnswerForm(trainer=self.trainer))

    def post(self, request, campaign, token):
        form = FollowUpAnswerForm(request.POST, trainer=self.trainer)
        if not form.is_valid():
            return self._form_page(request, form, status=400)
        try:
            campaigns.submit_answers(campaign, token, form.answers())
        except campaigns.InvitationError as error:
            return _closed(request, str(error), STATUS[error.reason])
        except campaigns.AlreadyAnswered:
            return _closed(request, _("Your answers were already received. Thank you."), 410)
        return render(request, "trainer_registry/followup_thanks.html")
