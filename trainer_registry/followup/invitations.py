"""The emails that carry follow-up links, in the invited person's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from trainer_registry.models import FollowUpCampaign, Person


def public_link(campaign: FollowUpCampaign, token: str) -> str:
    """The answer page's address on the site's public address (``TRAINER_REGISTRY_PUBLIC_URL``,
    scheme and host only)."""
    path = reverse("trainer_registry:followup-answer", args=[campaign.code, token])
    return settings.TRAINER_REGISTRY_PUBLIC_URL.rstrip("/") + path


def send_invitation(person: Person, link: str, *, reminder: bool = False) -> None:
    with translation.override(person.language):
        if reminder:
            subject = _("Reminder: COMMIT training follow-up")
            opening = _("A short reminder: we would still like to hear from you.")
        else:
            subject = _("COMMIT training follow-up: five minutes of your time")
            opening = _("You took part in a COMMIT anti-trafficking training.")
        body = _(
            "Dear %(name)s,\n\n%(opening)s Please tell us what happened after the training; it "
            "takes about five minutes, and you may skip any question.\n\n%(link)s\n\n"
            "This link is for you alone and works once.\n"
        ) % {"name": person.name_local or person.name_latin, "opening": opening, "link": link}
    send_mail(subject, body, None, [person.email])


def send_reminder(person: Person, link: str) -> None:
    send_invitation(person, link, reminder=True)
