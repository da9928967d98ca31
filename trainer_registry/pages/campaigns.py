"""Staff pages of follow-up campaigns: create, draw, invite (a first wave to everyone, later
waves to the people who have not answered), follow the dispositions, enter answers taken
by telephone or on paper, and download the pseudonymous interchange file."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import CreateView, DetailView, FormView, ListView, View

from trainer_registry import audit, tasks
from trainer_registry.access import campaign_in_reach, visible_campaigns
from trainer_registry.analytics import exports
from trainer_registry.analytics.exports import interchange_download
from trainer_registry.followup import campaign_counts, campaigns
from trainer_registry.followup import invitations as invitation_mail
from trainer_registry.followup.reminder_schedule import ReminderSchedule, campaign_schedule
from trainer_registry.followup.response_rates import response_rates
from trainer_registry.models import AuditAction, CampaignMember, Channel, Disposition
from trainer_registry.pages import campaign_members
from trainer_registry.pages.campaign_form import CampaignForm, starting_values
from trainer_registry.pages.campaign_rows import MemberRows
from trainer_registry.pages.forms import FollowUpAnswerForm
from trainer_registry.pages.staff import StaffMixin

RATE_MEANINGS = {
    "RR1": gettext_lazy("completes over everyone sampled of unknown or known eligibility"),
    "RR3": gettext_lazy("as RR1, counting only the estimated eligible share (e) of the unknowns"),
    "RR5": gettext_lazy("completes over the sampled people known to be eligible"),
    "COOP1": gettext_lazy("completes over everyone contacted"),
    "REF1": gettext_lazy("refusals over everyone sampled"),
    "CON1": gettext_lazy("people contacted over everyone sampled"),
}


class CampaignListView(StaffMixin, ListView):
    template_name = "trainer_registry/campaign_list.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        return visible_campaigns(self.access)


class CampaignManagerMixin(StaffMixin):
    def check_can_change(self):
        if not self.access.can_change:
            raise PermissionDenied(_("Only administrators and country programme managers do this."))

    def campaign(self, code):
        """The campaign of that code in the user's reach (404 when it is not)."""
        campaign = campaign_in_reach(self.access, code)
        if campaign is None:
            raise Http404
        return campaign


class CampaignCreateView(CampaignManagerMixin, CreateView):
    template_name = "trainer_registry/campaign_form.html"
    form_class = CampaignForm

    def get_form_kwargs(self):
        self.check_can_change()
        return {**super().get_form_kwargs(), "access": self.access}

    def get_initial(self):
        # A link (the sample size helper's) may start the form with validated values.
        return {**super().get_initial(), **starting_values(self.request.GET, self.access)}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        audit.record(self.request.user, AuditAction.CREATE, "followupcampaign", self.object.code)
        return response

    def get_success_url(self):
        return reverse("trainer_registry:campaign-detail", args=[self.object.code])


class CampaignDetailView(CampaignManagerMixin, DetailView):
    template_name = "trainer_registry/campaign_detail.html"
    context_object_name = "campaign"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_object(self, queryset=None):
        return self.campaign(self.kwargs[self.slug_url_kwarg])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        counts = campaign_counts.disposition_counts(campaign)
        context["dispositions"] = [
            (code, Disposition(code).label, counts[code]) for code in Disposition.values
        ]
        context["sampled"] = sum(counts.values())
        rates = response_rates(counts)
        context["rates"] = [
            (name, f"{rates[name] * 100:.1f}", meaning)
            for name, meaning in RATE_MEANINGS.items()
            if rates[name] is not None
        ]
        context["eligibility"] = rates["e"]
        context["population"] = campaign.population_size
        if campaign.population_size is None:  # not drawn yet, or drawn before it was kept
            context["population"] = campaigns.population(campaign).count()
        context["hand_dispositions"] = [(d.value, d.label) for d in HAND_DISPOSITIONS]
        context["wave"] = campaign_counts.current_wave(campaign)
        context["non_respondents"] = campaign_counts.non_respondents_count(campaign)
        context["may_export"] = exports.may_export(self.access)
        context["reminders"] = campaign_schedule(campaign)
        form, fields_html, filters, page = campaign_members.page_of(
            campaign, self.request.GET, self.access, sampled=context["sampled"]
        )
        place = campaign_members.query(filters, page.number)
        rows = MemberRows(
            campaign,
            self.access,
            place,
            get_token(self.request),
            several_countries="country" in form.fields,
            hand_dispositions=context["hand_dispositions"],
        )
        context.update(
            filter_form=form,
            filter_fields=fields_html,
            filtered=bool(filters),
            page_obj=page,
            members=page.object_list,
            member_rows=rows.rows(page.object_list),
            several_countries=rows.several_countries,
            previous_url=page.has_previous()
            and campaign_members.place_url(
                campaign, filters, page.previous_page_number(), "people"
            ),
            next_url=page.has_next()
            and campaign_members.place_url(campaign, filters, page.next_page_number(), "people"),
        )
        return context


def next_reminders_text(schedule: ReminderSchedule) -> str:
    """When the next reminders fall due, in words."""
    if schedule.next_due_on is None:
        return _("No further reminders are scheduled.")
    return ngettext(
        "The next reminder falls due on %(date)s.",
        "The next %(n)d reminders fall due on %(date)s.",
        schedule.due_then,
    ) % {
        "n": schedule.due_then,
        "date": formats.date_format(schedule.next_due_on, "DATE_FORMAT"),
    }


class CampaignDrawView(CampaignManagerMixin, View):
    def post(self, request, code):
        self.check_can_change()
        campaign = self.campaign(code)
        try:
            taken = campaigns.draw_sample(campaign)
        except campaigns.CampaignError as error:
            messages.error(request, str(error))
        else:
            audit.record(request.user, AuditAction.CHANGE, "followupcampaign", code, drawn=taken)
            messages.success(request, _("%(n)d people taken into the campaign.") % {"n": taken})
        return redirect("trainer_registry:campaign-detail", code=code)


class CampaignInviteView(CampaignManagerMixin, View):
    """Invite to the first wave, or, once it has gone out, to the next wave: the people
    who have not answered, not refused and not been found not eligible."""

    def post(self, request, code):
        self.check_can_change()
        campaign = self.campaign(code)
        if not campaign.members.exists():
            messages.error(request, _("Draw the sample first."))
            return redirect("trainer_registry:campaign-detail", code=code)
        wave = campaign_counts.current_wave(campaign) + (1 if request.POST.get("next_wave") else 0)
        wave = max(wave, 1)
        if wave > 1 and not campaigns.non_respondents(campaign).exists():
            messages.error(request, _("Everyone has answered or has a final disposition."))
            return redirect("trainer_registry:campaign-detail", code=code)
        counts = campaigns.invite_all(
            campaign,
            wave=wave,
            link_for=invitation_mail.public_link,
            send=invitation_mail.send_invitation,
        )
        audit.record(
            request.user, AuditAction.CHANGE, "followupcampaign", code, wave=wave, invited=counts
        )
        messages.success(
            request,
            _("Wave %(wave)d: %(email)d sent by email, %(phone)d to be made by telephone.")
            % {"wave": wave, **counts},
        )
        return redirect("trainer_registry:campaign-detail", code=code)


class CampaignRemindView(CampaignManagerMixin, View):
    def post(self, request, code):
        self.check_can_change()
        campaign = self.campaign(code)
        sent = tasks.run(tasks.send_campaign_reminders, campaign.pk)
        audit.record(request.user, AuditAction.CHANGE, "followupcampaign", code, reminders=sent)
        if sent is None:
            messages.success(request, _("Reminders are being sent."))
        else:
            messages.success(
                request,
                ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", sent) % {"n": sent}
                + " "
                + next_reminders_text(campaign_schedule(campaign)),
            )
        return redirect("trainer_registry:campaign-detail", code=code)


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("How the answers were taken"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.PAPER, Channel.PAPER.label)],
    )


class EnterAnswerView(CampaignManagerMixin, FormView):
    """Answers taken by telephone or on paper, typed in by programme staff."""

    template_name = "trainer_registry/campaign_enter_answer.html"

    def get_member(self):
        self.check_can_change()
        campaign = self.campaign(self.kwargs["code"])
        return get_object_or_404(CampaignMember, campaign=campaign, pk=self.kwargs["member"])

    def get_form(self, form_class=None):
        self.member = self.get_member()
        return FollowUpAnswerForm(
            **self.get_form_kwargs(), trainer=self.member.person.events_led.exists()
        )

    def place(self) -> str:
        """The place in the campaign's list the staff came from (its filters and page),
        carried through the form so that recording returns to it."""
        return self.request.POST.get("place") or self.request.GET.get("place", "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.member
        context["place"] = self.place()
        context["back"] = self.back_url()
        context["channel_form"] = kwargs.get("channel_form") or ChannelForm(
            self.request.POST or None
        )
        return context

    def form_valid(self, form):
        channel_form = ChannelForm(self.request.POST)
        if not channel_form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, channel_form=channel_form)
            )
        try:
            campaigns.record_answers(
                self.member,
                form.answers(),
                wave=self.member.invitations.aggregate(wave=Max("wave"))["wave"] or 1,
                channel=channel_form.cleaned_data["channel"],
                entered_by=self.request.user,
            )
        except campaigns.AlreadyAnswered as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        audit.record(
            self.request.user,
            AuditAction.CREATE,
            "followupresponse",
            self.member.person.public_id,
            country=self.member.person.country,
        )
        messages.success(self.request, _("Answers recorded."))
        return redirect(self.back_url())

    def back_url(self) -> str:
        """The campaign's list at the place the staff came from, at this person's row."""
        return campaign_members.back_to_row(
            self.member.campaign, self.place(), self.access, self.member.person
        )


# Dispositions staff record by hand; completes and partials come from answers.
HAND_DISPOSITIONS = [
    Disposition.REFUSAL,
    Disposition.NON_CONTACT,
    Disposition.OTHER,
    Disposition.UNKNOWN_HOUSEHOLD,
    Disposition.UNKNOWN_OTHER,
    Disposition.NOT_ELIGIBLE,
]


class MemberDispositionView(CampaignManagerMixin, View):
    """Record a non-answer's disposition: a refusal, no contact, not eligible..."""

    def post(self, request, code, member):
        self.check_can_change()
        campaign = self.campaign(code)
        sampled = get_object_or_404(
            CampaignMember.objects.select_related("person"), campaign=campaign, pk=member
        )
        value = request.POST.get("disposition", "")
        if value not in HAND_DISPOSITIONS:
            messages.error(request, _("Choose a disposition for someone who has not answered."))
        elif sampled.responses.exists():
            messages.error(
                request, _("This person has answered: the disposition follows the answer.")
            )
        else:
            sampled.disposition = value
            sampled.save(update_fields=["disposition"])
            audit.record(
                request.user,
                AuditAction.CHANGE,
                "campaignmember",
                sampled.person.public_id,
                country=sampled.person.country,
                disposition=value,
            )
            messages.success(
                request,
                _("Recorded for %(person)s: %(disposition)s.")
                % {
                    "person": self.person_label(sampled.person),
                    "disposition": Disposition(value).label,
                },
            )
        # Back to the same place in the list: its filters, its page, the person's row.
        return redirect(
            campaign_members.back_to_row(
                campaign, request.POST.get("place", ""), self.access, sampled.person
            )
        )

    def person_label(self, person) -> str:
        if self.access.sees_names:
            return f"{person.name_latin} ({person.reference})"
        return person.reference


class CampaignInterchangeView(CampaignManagerMixin, View):
    """The campaign's follow-up interchange file (pseudonymous ids), as the API serves it."""

    def get(self, request, code):
        if not exports.may_export(self.access):
            raise PermissionDenied(
                _("Only administrators, country programme managers and M&E analysts export.")
            )
        return interchange_download(request.user, self.access, self.campaign(code), via="staff")
