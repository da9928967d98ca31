"""The audit trail as people read it: labels for records and actions, details as text.

Entries are written with a model's name (``issuedcertificate``) and a JSON object of what
was asked or changed (:mod:`trainer_registry.audit`). An auditor reads "certificate",
"Filters: country Cambodia, search Sok" and "role: country programme manager -> M&E
analyst"; the CSV export carries the same text beside the stored values.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trainer_registry.countries import country_label
from trainer_registry.models.access import AuditAction

# Records the trail names that are no model of the registry, or whose model's name
# reads badly.
RECORD_LABELS = {
    "analytics": gettext_lazy("analytics page"),
    "attrition": gettext_lazy("attrition figures"),
    "auditevent": gettext_lazy("audit log"),
    "campaignmember": gettext_lazy("campaign member"),
    "followupcampaign": gettext_lazy("follow-up campaign"),
    "followupresponse": gettext_lazy("follow-up answer"),
    "issuedcertificate": gettext_lazy("certificate"),
    "programme_report": gettext_lazy("programme report"),
    "programme_report_file": gettext_lazy("programme report file"),
    "rolegrant": gettext_lazy("role grant"),
    "trainercertification": gettext_lazy("trainer certification"),
    "trainingevent": gettext_lazy("training"),
}
# Keys of an entry's detail, as the writers name them.
DETAIL_LABELS = {
    "changes": gettext_lazy("Changes"),
    "country": gettext_lazy("country"),
    "drawn": gettext_lazy("People drawn"),
    "fields": gettext_lazy("Fields changed"),
    "filters": gettext_lazy("Filters"),
    "format": gettext_lazy("Format"),
    "invited": gettext_lazy("Invited"),
    "q": gettext_lazy("search"),
    "action": gettext_lazy("action"),
    "record": gettext_lazy("record"),
    "record_id": gettext_lazy("record id"),
    "since": gettext_lazy("from"),
    "until": gettext_lazy("to"),
    "user": gettext_lazy("user"),
    "reminders": gettext_lazy("Reminders sent"),
    "values": gettext_lazy("Values"),
    "via": gettext_lazy("Through"),
    "wave": gettext_lazy("Wave"),
}


def record_label(object_type: str) -> str:
    """``issuedcertificate`` -> "certificate"; a registry model's own name otherwise."""
    if object_type in RECORD_LABELS:
        return str(RECORD_LABELS[object_type])
    try:
        model = apps.get_model("trainer_registry", object_type)
    except (LookupError, ValueError):
        return object_type.replace("_", " ")
    return str(model._meta.verbose_name)


def _label(key: str) -> str:
    return str(DETAIL_LABELS.get(key, key.replace("_", " ")))


def _value(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "country" and isinstance(value, str):
        return country_label(value) if value != "-" else _("no country")
    if key == "action" and value in AuditAction.values:
        return str(AuditAction(value).label)
    if key == "record" and isinstance(value, str):
        return record_label(value)
    if isinstance(value, list | tuple):
        if len(value) == 2 and key != "fields" and all(not isinstance(v, dict) for v in value):
            return f"{_value(key, value[0])} → {_value(key, value[1])}"
        return ", ".join(_value(key, v) for v in value)
    if isinstance(value, Mapping):
        shown = [(k, v) for k, v in value.items() if v not in (None, "", [], {})]
        return "; ".join(f"{_label(k)} {_value(k, v)}" for k, v in shown) or "–"
    return str(value)


def detail_lines(detail: Mapping) -> list[tuple[str, str]]:
    """(label, text) for each key of an entry's detail that says something; nested
    objects (filters, changes) are written out as "key value; key value"."""
    if not isinstance(detail, Mapping):
        return [("", str(detail))]
    return [
        (_label(key), _value(key, value))
        for key, value in detail.items()
        if value not in (None, "", [], {})
    ]
