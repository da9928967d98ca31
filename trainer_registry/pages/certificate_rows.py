"""The rows of a record's table of issued certificates (a person's page, a training's),
made in Python (decisions 0032 and 0036): a training of a hundred completers lists a
hundred certificates, each with its own revoke-or-reissue form.

Each row shows the certificate's code and its holder's name to those who see names (the
public verification shows the name), its kind, day of issue and status (with the reason
of a revocation), a link to its PDF, and for those who may change records, the form that
revokes or reissues a valid certificate.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trainer_registry.access import Access
from trainer_registry.models import IssuedCertificate
from trainer_registry.models.choice_labels import value_label
from trainer_registry.pages.html_rows import EXAMPLE_SLUG, format_html, html_rows, url_of

# A certificate's code stands in an address as reverse() writes it: its symbols (and its
# check symbol, one of * ~ $ = U) are all characters an address carries as they are.


def certificate_rows(
    certificates: Iterable[IssuedCertificate],
    *,
    access: Access,
    show_names: bool,
    csrf_token: str,
) -> SafeString:
    """The certificates as the rows of the table (``show_names``: a column of holders,
    for a training's page; a person's page names them once, above)."""
    names = access.sees_names
    pdf = url_of("trainer_registry:certificate-pdf", EXAMPLE_SLUG)
    change = url_of("trainer_registry:certificate-change", EXAMPLE_SLUG)
    download = _("Download")
    form = (
        '<form method="post" action="{}" class="inline">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<label for="action-{}" class="visually-hidden">{}</label>'
        '<select id="action-{}" name="action"><option value="revoke">{}</option>'
        '<option value="reissue">{}</option></select>'
        '<label for="creason-{}" class="visually-hidden">{}</label>'
        '<input id="creason-{}" name="reason" placeholder="{}">'
        '<button type="submit">{}</button></form>'
    )
    words = {
        "action": _("Action"),
        "revoke": _("Revoke"),
        "reissue": _("Reissue with the current names"),
        "reason": _("Reason"),
        "apply": _("Apply"),
    }
    rows = []
    for certificate in certificates:
        cells = []
        if names:
            cells.append(format_html("<td><code>{}</code></td>", certificate.code))
            if show_names:
                cells.append(format_html("<td>{}</td>", certificate.person.name_latin))
        status_reason = (
            format_html(": {}", certificate.status_reason)
            if certificate.status_reason and names
            else ""
        )
        cells.append(
            format_html(
                '<td>{}</td><td>{}</td><td><span class="status status-{}">{}</span>{}</td>',
                value_label(IssuedCertificate, "kind", certificate.kind),
                certificate.issued_on.isoformat(),
                certificate.status,
                value_label(IssuedCertificate, "status", certificate.status),
                status_reason,
            )
        )
        if names:
            cells.append(
                format_html(
                    '<td><a href="{}" download>{}<span class="visually-hidden"> {}</span></a></td>',
                    pdf(certificate.code),
                    download,
                    certificate.code,
                )
            )
        if access.can_change:
            action = ""
            if certificate.status == "valid":
                key = certificate.pk
                action = format_html(
                    form,
                    change(certificate.code),
                    csrf_token,
                    key,
                    words["action"],
                    key,
                    words["revoke"],
                    words["reissue"],
                    key,
                    words["reason"],
                    key,
                    words["reason"],
                    words["apply"],
                )
            cells.append(format_html("<td>{}</td>", action))
        rows.append(format_html("<tr>{}</tr>", SafeString("".join(cells))))
    return html_rows(rows)
