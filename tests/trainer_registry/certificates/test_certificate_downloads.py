"""A certificate's PDF carries its signed credential; staff and the public download it."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from trainer_registry.certificate_pdf import read_embedded_credential
from trainer_registry.certificates import issuing
from trainer_registry.cli import main
from trainer_registry.models import AuditEvent, IssuedCertificate, Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(training):
    trainer, _event, done, _ = training
    return issuing.issue_for_participant(trainer, done.participations.get(), on=date(2026, 5, 9))


def _pdf_with_credential(pdf: bytes, credential: bytes) -> bytes:
    """The same pages with ``credential.json`` replaced: what a forger would try."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer._root_object.pop("/Names", None)
    writer.add_attachment("credential.json", credential)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_public_page_offers_the_pdf_whose_embedded_credential_verifies(
    issued, client, tmp_path, capsys
):
    page = client.get(reverse("trainer_registry:verify", args=[issued.code])).content.decode()
    pdf_url = reverse("trainer_registry:verify-pdf", args=[issued.code])
    assert pdf_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Keo" not in response["Content-Disposition"]  # no name in the file name
    pdf = response.content
    embedded = read_embedded_credential(pdf)
    assert embedded is not None
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    assert main(["certificate", "verify", str(path)]) == 0
    assert "VALID: genuine and valid" in capsys.readouterr().out

    forged = embedded.replace(b"Keo Bopha", b"Keo Bophal")
    path.write_bytes(_pdf_with_credential(pdf, forged))
    assert main(["certificate", "verify", str(path)]) == 1
    assert "NOT VALID: signature invalid" in capsys.readouterr().out

    issuing.revoke(issued, reason="Issued in error")
    path.write_bytes(pdf)
    assert main(["certificate", "verify", str(path)]) == 1
    assert "NOT VALID: revoked: Issued in error" in capsys.readouterr().out


def test_public_downloads_only_for_a_valid_certificate(issued, client):
    credential = client.get(reverse("trainer_registry:verify-credential", args=[issued.code]))
    assert credential.status_code == 200
    assert credential.json()["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    issuing.revoke(issued, reason="Issued in error")
    cache.clear()
    assert client.get(reverse("trainer_registry:verify-pdf", args=[issued.code])).status_code == 404
    page = client.get(reverse("trainer_registry:verify", args=[issued.code])).content.decode()
    assert reverse("trainer_registry:verify-pdf", args=[issued.code]) not in page


def test_a_pdf_without_a_credential_is_refused(db, tmp_path, capsys):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    path = tmp_path / "plain.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert main(["certificate", "verify", str(path)]) == 2
    assert "this PDF carries no signed credential" in capsys.readouterr().err
    path.write_bytes(b"%PDF-1.7\nnot really a PDF")
    assert main(["certificate", "verify", str(path)]) == 2
    assert "not a readable PDF" in capsys.readouterr().err


def test_staff_download_revoke_reissue_and_issue_trainer_certificates(
    training, issued, client, staff_user
):
    trainer, event, *_ = training
    client.force_login(staff_user)
    event_page = client.get(reverse("trainer_registry:event-detail", args=[event.code]))
    assert reverse("trainer_registry:certificate-pdf", args=[issued.code]) in (
        event_page.content.decode()
    )
    pdf = client.get(reverse("trainer_registry:certificate-pdf", args=[issued.code]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(object_id=issued.code, detail__step="pdf").exists()

    change = reverse("trainer_registry:certificate-change", args=[issued.code])
    client.post(change, {"action": "reissue"})
    newer = IssuedCertificate.objects.get(supersedes=issued)
    client.post(
        reverse("trainer_registry:certificate-change", args=[newer.code]),
        {"action": "revoke", "reason": "Duplicate"},
    )
    newer.refresh_from_db()
    assert (newer.status, newer.status_reason) == ("revoked", "Duplicate")
    # The training's table: each certificate's status in words, a revoked one with its
    # reason and no form, a valid one with its form posting the page's CSRF token.
    page = client.get(reverse("trainer_registry:event-detail", args=[event.code]))
    html = page.content.decode()
    rows = {
        code: html.split(f"<td><code>{code}</code></td>", 1)[1].split("</tr>", 1)[0]
        for code in (issued.code, newer.code)
    }
    assert 'status-superseded">' in rows[issued.code] and "<form" not in rows[issued.code]
    assert '<span class="status status-revoked">Revoked</span>: Duplicate' in rows[newer.code]
    assert "<form" not in rows[newer.code]
    valid = IssuedCertificate.objects.create(
        code="7G4KQ2MD9TZXEB1RW",
        kind="completion",
        person=issued.person,
        event=event,
        issued_on=date(2026, 5, 10),
        snapshot={},
    )
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(staff_user)
    html = checked.get(reverse("trainer_registry:event-detail", args=[event.code])).content
    row = html.decode().split(f"<td><code>{valid.code}</code></td>", 1)[1].split("</tr>", 1)[0]
    pdf_valid = reverse("trainer_registry:certificate-pdf", args=[valid.code])
    assert f'<a href="{pdf_valid}" download>Download' in row
    change_valid = reverse("trainer_registry:certificate-change", args=[valid.code])
    assert f'<form method="post" action="{change_valid}" class="inline">' in row
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row).group(1)
    posted = checked.post(
        change_valid, {"action": "revoke", "reason": "Entered twice", "csrfmiddlewaretoken": token}
    )
    assert posted.status_code == 302
    valid.refresh_from_db()
    assert (valid.status, valid.status_reason) == ("revoked", "Entered twice")

    held = trainer.certifications.get()
    client.post(reverse("trainer_registry:certification-issue-certificate", args=[held.pk]))
    trainer_certificate = IssuedCertificate.objects.get(kind="trainer")
    assert trainer_certificate.credential["validUntil"] == "2029-01-01T00:00:00Z"
    person_page = client.get(reverse("trainer_registry:person-detail", args=[trainer.public_id]))
    assert trainer_certificate.code in person_page.content.decode()


def test_staff_outside_the_country_cannot_download(issued, client, django_user_model):
    user = django_user_model.objects.create_user("th-manager", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="TH")
    client.force_login(user)
    response = client.get(reverse("trainer_registry:certificate-pdf", args=[issued.code]))
    assert response.status_code == 404
