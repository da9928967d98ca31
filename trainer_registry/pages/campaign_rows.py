"""The rows of a campaign's list of sampled people (:mod:`trainer_registry.pages.html_rows`).

Each row names the person (or their reference alone, for those who see no names), their
country when the campaign has several, the invitations sent and answers received, the
disposition, and for those who may change the campaign, "Enter answers" and the form
that records a disposition by hand, both returning to the same place in the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from django.utils.safestring import SafeString
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from trainer_registry.access import Access
from trainer_registry.countries import country_label
from trainer_registry.models import CampaignMember, FollowUpCampaign, FollowUpResponse, Invitation
from trainer_registry.models.choice_labels import value_label
from trainer_registry.pages.campaign_members import ListedMember
from trainer_registry.pages.html_rows import EXAMPLE_NUMBER, MadeOnce, html_rows, url_of


@dataclass
class MemberRows:
    """The rows of one page of the list, for one reader: every text escaped (as
    :func:`~trainer_registry.pages.html_rows.format_html` escapes: ``html.escape``), each
    label, address and the page's own texts translated and escaped once a page."""

    campaign: FollowUpCampaign
    access: Access
    place: str  # the list's query string, carried by the row's links and form
    csrf_token: str
    several_countries: bool
    hand_dispositions: Sequence[tuple[str, str]]  # (value, label) a person may record
    _options: dict[str, str] = field(default_factory=dict)
    _labels: MadeOnce = field(default_factory=MadeOnce)

    def __post_init__(self):
        code = self.campaign.code
        self._enter_url = url_of("trainer_registry:campaign-enter-answer", EXAMPLE_NUMBER, code)
        self._record_url = url_of(
            "trainer_registry:campaign-member-disposition", EXAMPLE_NUMBER, code
        )
        self._enter_query = "?place=" + quote(self.place, safe="") if self.place else ""
        self._hidden = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(self.csrf_token)}">'
            f'<input type="hidden" name="place" value="{escape(self.place)}">'
        )
        self._enter, self._record = escape(_("Enter answers")), escape(_("Record"))
        self._disposition_of = _("Disposition of %(person)s")

    def rows(self, members: Iterable[ListedMember]) -> SafeString:
        return html_rows(self.row(member) for member in members)

    def _label(self, model, name: str, value: str) -> str:
        """The escaped label of a choice, made once a page."""
        return self._labels(
            model.__name__, value, lambda code: escape(str(value_label(model, name, code)))
        )

    def row(self, member: ListedMember) -> SafeString:
        reference = escape(member.reference)
        who = f'<span class="reference">{reference}</span>'
        if self.access.sees_names:
            who = f"{escape(member.name_latin)} {who}"
        country = ""
        if self.several_countries:
            country = f"<td>{escape(str(country_label(member.country)))}</td>"
        answers = "".join(
            f"{localdate(submitted_at).isoformat()} "
            f"({self._label(FollowUpResponse, 'channel', channel)})"
            for submitted_at, channel in member.answers
        )
        actions = f"<td>{self._actions(member)}</td>" if self.access.can_change else ""
        return SafeString(
            f'<tr id="person-{reference}"><th scope="row">{who}</th>{country}'
            f"<td>{self._invitations(member) or '—'}</td><td>{answers or '—'}</td>"
            f'<td data-member-disposition="{escape(member.disposition)}">'
            f"{self._label(CampaignMember, 'disposition', member.disposition)}</td>"
            f"{actions}</tr>"
        )

    def _invitations(self, member: ListedMember) -> str:
        return ", ".join(
            self._label(Invitation, "channel", channel)
            + (escape(" (%s)" % (_("wave %(n)s") % {"n": wave})) if wave > 1 else "")
            for wave, channel in member.invitations
        )

    def _actions(self, member: ListedMember) -> str:
        if member.answers:
            return ""
        person = member.name_latin if self.access.sees_names else member.reference
        enter = escape(self._enter_url(member.pk) + self._enter_query)
        return (
            f'<a class="campaign-link" href="{enter}">{self._enter}</a>'
            f'<form method="post" action="{escape(self._record_url(member.pk))}" class="inline">'
            f"{self._hidden}"
            f'<label for="disposition-{member.pk}" class="visually-hidden">'
            f"{escape(self._disposition_of % {'person': person})}</label>"
            f'<select id="disposition-{member.pk}" name="disposition">'
            f"{self._select_options(member.disposition)}</select>"
            f'<button type="submit">{self._record}</button></form>'
        )

    def _select_options(self, chosen: str) -> str:
        if chosen not in self._options:
            self._options[chosen] = "".join(
                f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
                f"{escape(str(label))}</option>"
                for value, label in self.hand_dispositions
            )
        return self._options[chosen]
