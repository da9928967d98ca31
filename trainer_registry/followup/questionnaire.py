"""The follow-up questionnaire's wording: one label per question, in the person's language.

The answer page (:class:`~trainer_registry.pages.forms.FollowUpAnswerForm`) and the
XLSForm for offline collection (:mod:`trainer_registry.followup.xlsform`) ask the same
questions in the same words, so both take their labels from here. The question names are
those of :class:`~trainer_registry.followup.campaigns.Answers`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    "consent": _("I agree to answer. I know I may skip any question or stop at any time."),
    "still_in_role": _("Do you still work in a role against human trafficking?"),
    "left_role_on": _("If not: since when? (month and year)"),
    "leaving_reason": _("If not: why did you leave the role?"),
    "current_organisation": _("Where do you work now? (organisation)"),
    "current_role": _("What is your role there now?"),
    "use_of_training": _("How often do you use what you learned in the training at work?"),
    "examples": _("Give an example of using the training in your work, if you can."),
    "support_needed": _("What support would help you use the training more?"),
    "trainings_delivered": _("Trainers: how many trainings have you delivered since?"),
    "participants_reached": _("Trainers: how many participants did they reach in all?"),
}
