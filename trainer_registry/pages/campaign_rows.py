"""The rows of a campaign's list of sampled people (:mod:`trainer_registry.pages.html_rows`).

Each row names the person (or their reference alone, for those who see no names), their
country when the campaign has several, the invitations sent and answers received, the
disposition, and for those who may change the campaign, "Enter answers" and the form
that records a disposition by hand, both returning to the same place in the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.safestring import SafeString
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from trainer_registry.access import Access
from trainer_registry.countries import country_label
from trainer_registry.models import CampaignMember, FollowUpCampaign, FollowUpResponse, Invitation
from trainer_registry.models.choice_labels import value_label
from trainer_registry.pages.campaign_members import ListedMember
from trainer_registry.pages.html_rows import (
    EXAMPLE_NUMBER,
    format_html,
    format_html_join,
    html_rows,
    url_of,
)


@dataclass
class MemberRows:
    campaign: FollowUpCampaign
    access: Access
    place: str  # the list's query string, carried by the row's links and form
    csrf_token: str
    several_countries: bool
    hand_dispositions: Sequence[tuple[str, str]]  # (value, label) a person may record
    _options: dict[str, SafeString] = field(default_factory=dict)

    def __post_init__(self):
        code = self.campaign.code
        self._enter_url = url_of("trainer_registry:campaign-enter-answer", EXAMPLE_NUMBER, code)
        self._record_url = url_of(
            "trainer_registry:campaign-member-disposition", EXAMPLE_NUMBER, code
        )

    def rows(self, members: Iterable[ListedMember]) -> SafeString:
        return html_rows(self.row(member) for member in members)

    def row(self, member: ListedMember) -> SafeString:
        if self.access.sees_names:
            who = format_html(
                '{} <span class="reference">{}</span>', member.name_latin, member.reference
            )
        else:
            who = format_html('<span class="reference">{}</span>', member.reference)
        return format_html(
            '<tr id="person-{}"><th scope="row">{}</th>{}<td>{}</td><td>{}</td>'
            '<td data-member-disposition="{}">{}</td>{}</tr>',
            member.reference,
            who,
            format_html("<td>{}</td>", country_label(member.country))
            if self.several_countries
            else "",
            self._invitations(member) or "—",
            format_html_join(
                "",
                "{} ({})",
                (
                    (
                        localdate(submitted_at).isoformat(),
                        value_label(FollowUpResponse, "channel", channel),
                    )
                    for submitted_at, channel in member.answers
                ),
            )
            or "—",
            member.disposition,
            value_label(CampaignMember, "disposition", member.disposition),
            format_html("<td>{}</td>", self._actions(member)) if self.access.can_change else "",
        )

    def _invitations(self, member: ListedMember) -> SafeString:
        return format_html_join(
            ", ",
            "{}{}",
            (
                (
                    value_label(Invitation, "channel", channel),
                    " (%s)" % (_("wave %(n)s") % {"n": wave}) if wave > 1 else "",
                )
                for wave, channel in member.invitations
            ),
        )

    def _actions(self, member: ListedMember) -> SafeString:
        if member.answers:
            return SafeString("")
        enter = self._enter_url(member.pk)
        if self.place:
            enter += "?place=" + quote(self.place, safe="")
        person = member.name_latin if self.access.sees_names else member.reference
        return format_html(
            '<a class="campaign-link" href="{}">{}</a>'
            '<form method="post" action="{}" class="inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="place" value="{}">'
            '<label for="disposition-{}" class="visually-hidden">{}</label>'
            '<select id="disposition-{}" name="disposition">{}</select>'
            '<button type="submit">{}</button></form>',
            enter,
            _("Enter answers"),
            self._record_url(member.pk),
            self.csrf_token,
            self.place,
            member.pk,
            _("Disposition of %(person)s") % {"person": person},
            member.pk,
            self._select_options(member.disposition),
            _("Record"),
        )

    def _select_options(self, chosen: str) -> SafeString:
        if chosen not in self._options:
            self._options[chosen] = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, " selected" if value == chosen else "", label)
                    for value, label in self.hand_dispositions
                ),
            )
        return self._options[chosen]
