"""Benchmark: bulk issue of 1,000 certificate PDFs, beside WeasyPrint and a bare reportlab
script, in one run.

What is timed, for the same 1,000 made-up holders (the six scripts of the region and plain
Latin in turn, see ``samples.py``):

* **issue**: what bulk issuing costs apart from the database: build the holder's Open
  Badges credential (about 2.5 KB of JSON), sign it with Ed25519 (``cryptography``; a
  stand-in for the eddsa-rdfc-2022 proof), check the data (``CertificatePrint``) and
  render the PDF with the credential attached (``render_certificate``);
* **bare reportlab** (``bare_reportlab.py``): the same page, shaped text and QR code drawn
  by a plain reportlab script with nothing else: reportlab's own limit. With reportlab's
  defaults its QR encoder spends most of its time choosing the data mask and its page
  compression adds an ASCII85 layer; the certificate chooses the same mask with numpy and
  compresses with Flate alone (see ``trainer_registry/certificate_pdf/qr.py`` and
  ``render.py``), so the bare script also runs "tuned" that way: the fair measure of what
  the certificate code adds;
* **WeasyPrint** (``weasyprint_peer.py``): the same page made from HTML and CSS, credential
  attached, run in a second interpreter.

Issue and the two bare variants run ``ROUNDS`` times, alternating, and the best round counts;
WeasyPrint runs once. Fonts are loaded before timing in all three. Results go to
``RESULTS.md`` beside this file.

Run from the repository root::

    .venv/bin/python benchmarks/certificate_pdf/run.py

WeasyPrint is not a dependency of the project; give the benchmark a Python that has it::

    python3.12 -m venv WEASY_ENV
    WEASY_ENV/bin/pip install weasyprint reportlab
    WEASYPRINT_PYTHON=WEASY_ENV/bin/python .venv/bin/python benchmarks/certificate_pdf/run.py

(WeasyPrint needs Pango: Debian packages ``libpango-1.0-0`` and ``libpangoft2-1.0-0``; the
certificate fonts come from ``fonts-noto-core`` and ``fonts-arphic-uming``.)
``BENCH_CERTIFICATES`` changes the number of certificates.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

import bare_reportlab  # noqa: E402
import reportlab  # noqa: E402
import samples  # noqa: E402
import uharfbuzz  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from benchmarks.timing import timed_loop  # noqa: E402
from trainer_registry.certificate_pdf import (  # noqa: E402
    CertificatePrint,
    render_certificate,
    wording,
)
from trainer_registry.certificate_pdf.fonts import CANDIDATES, Weight, font_for  # noqa: E402
from trainer_registry.certificate_pdf.layout import wrapped  # noqa: E402

COUNT = int(os.environ.get("BENCH_CERTIFICATES", "1000"))
ROUNDS = 3
ISSUED_ON = date(2026, 5, 16)
EVENT = {
    "programme": "National Training Programme",
    "training": "Victim identification and rights-based interviewing",
    "starts_on": date(2026, 5, 12),
    "ends_on": date(2026, 5, 16),
    "place": "Siem Reap, Cambodia",
    "issuer_name": "Chea Sopheap",
    "issuer_role": "National trainer, Cambodia",
}


def certificates() -> list[dict]:
    draw = random.Random(2026)  # noqa: S311 - made-up benchmark data, seeded on purpose
    result = []
    for holder in samples.holders(COUNT):
        code = samples.verification_code(draw)
        result.append(
            {
                **holder,
                "code": code,
                "verify_url": f"https://registry.example.org/verify/{code}",
                "credential": samples.credential(holder, code, ISSUED_ON),
            }
        )
    return result


def issue(certificate: dict, key: Ed25519PrivateKey) -> bytes:
    """The timed work of one certificate in a bulk issue (no database, no storage)."""
    signed = samples.signed_credential(certificate["credential"], key)
    data = CertificatePrint(
        kind="participant",
        name_latin=certificate["name_latin"],
        name_own_script=certificate["name_own_script"],
        own_script_language=certificate["language"],
        issued_on=ISSUED_ON,
        verification_code=certificate["code"],
        verify_url=certificate["verify_url"],
        embedded_credential=signed,
        **EVENT,
    )
    return render_certificate(data)


def page_texts(certificate: dict, key: Ed25519PrivateKey) -> dict:
    """The texts of one page for the peers, worded exactly as the certificate words them."""
    data = CertificatePrint(
        kind="participant",
        name_latin=certificate["name_latin"],
        name_own_script=certificate["name_own_script"],
        own_script_language=certificate["language"],
        issued_on=ISSUED_ON,
        verification_code=certificate["code"],
        verify_url=certificate["verify_url"],
        **EVENT,
    )
    certified = wrapped(
        wording.what_was_certified(data), 17, field="", weight=Weight.BOLD, smallest=11
    )
    return {
        "language": data.own_script_language,
        "name_latin": data.name_latin,
        "name_own_script": data.name_own_script,
        "organisation": wording.ORGANISATION,
        "heading": wording.heading(data),
        "lead": wording.lead(data),
        "achievement": wording.achievement(data),
        "certified": [line.text for line in certified],
        "when_and_where": wording.when_and_where(data),
        "issuer_name": data.issuer_name,
        "issuer_role": data.issuer_role,
        "issued": wording.issued(data),
        "code": data.verification_code,
        "verify_at": wording.verify_at(data),
        "verify_url": data.verify_url,
        "title": wording.document_title(data),
        "credential": samples.signed_credential(certificate["credential"], key).decode(),
    }


def weasyprint_python() -> str | None:
    configured = os.environ.get("WEASYPRINT_PYTHON")
    if configured:
        return configured
    if importlib.util.find_spec("weasyprint") is not None:
        return sys.executable
    return None


def main() -> None:
    python = weasyprint_python()
    if python is None:
        sys.exit("WeasyPrint is not installed here: set WEASYPRINT_PYTHON (see the docstring)")
    key = Ed25519PrivateKey.generate()
    items = certificates()
    pages = [page_texts(item, key) for item in items]
    work = Path(tempfile.mkdtemp(prefix="commit-certificate-bench-"))

    paths = {}
    for script, weights in CANDIDATES.items():
        for weight in weights:
            font = font_for(script, weight)
            paths[font.path.name] = str(font.path)
    bare_reportlab.register_fonts(paths)
    for language in samples.PARTS:  # warm up: every font loaded and shaped once
        index = list(samples.PARTS).index(language)
        issue(items[index], key)
        bare_reportlab.render(pages[index])
    (work / "issued.pdf").write_bytes(issue(items[0], key))
    (work / "bare.pdf").write_bytes(bare_reportlab.render(pages[0]))

    rounds = []
    for _ in range(ROUNDS):
        own = timed_loop(lambda item: issue(item, key), items)
        bare = timed_loop(bare_reportlab.render, pages)
        bare_fast = timed_loop(lambda page: bare_reportlab.render(page, tuned=True), pages)
        rounds.append((own, bare, bare_fast))

    pages_file = work / "pages.json"
    pages_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    peer = subprocess.run(  # noqa: S603 - the configured WeasyPrint interpreter
        [python, str(HERE / "weasyprint_peer.py"), str(pages_file), str(work / "weasy.pdf")],
        check=True,
        capture_output=True,
        text=True,
    )
    weasy = json.loads(peer.stdout.strip().splitlines()[-1])

    best = [min(r[i] for r in rounds) for i in range(3)]
    write_results(rounds, best, weasy)
    print((HERE / "RESULTS.md").read_text(encoding="utf-8"))
    print(f"Sample PDFs in {work}")


def write_results(rounds, best, weasy) -> None:
    (own_s, own_bytes), (bare_s, bare_bytes), (fast_s, fast_bytes) = best
    weasy_s = weasy["seconds"]

    def rate(seconds: float) -> float:
        return COUNT / seconds

    rows = [
        ("issue: credential, Ed25519 signature, checks, PDF with credential attached", own_s,
         own_bytes),
        ("bare reportlab script, reportlab's defaults (peer)", bare_s, bare_bytes),
        ("bare reportlab script, tuned like the certificate (peer)", fast_s, fast_bytes),
        (f"WeasyPrint {weasy['weasyprint']} from HTML, credential attached (peer)", weasy_s,
         weasy["bytes"]),
    ]  # fmt: skip
    versus_weasy = rate(own_s) / rate(weasy_s)
    versus_bare = own_s / bare_s
    versus_fast = own_s / fast_s
    lines = [
        "# Certificate PDF benchmark",
        "",
        f"{COUNT:,} certificates (holders in Khmer, Lao, Burmese, Thai, Vietnamese, Chinese "
        "and Latin script in turn), A4 landscape, one page each, in one run. Issue and the "
        f"bare scripts: best of {ROUNDS} alternating rounds; WeasyPrint: one round. Fonts "
        "loaded before timing in all of them.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work), "
        f"Python {platform.python_version()}, reportlab {reportlab.Version}, uharfbuzz "
        f"{uharfbuzz.__version__} (HarfBuzz {uharfbuzz.version_string()}), "
        f"WeasyPrint {weasy['weasyprint']}.",
        "",
        "| what | seconds | certificates per second | ms each | mean PDF size |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {what} | {seconds:.2f} | {rate(seconds):.1f} | {1000 * seconds / COUNT:.1f} "
            f"| {size / COUNT / 1024:.0f} KB |"
            for what, seconds, size in rows
        ),
        "",
        "Every round, seconds for all certificates:",
        "",
        "| round | issue | bare, reportlab's defaults | bare, tuned |",
        "|---:|---:|---:|---:|",
        *(
            f"| {n} | {own[0]:.2f} | {bare[0]:.2f} | {fast[0]:.2f} |"
            for n, (own, bare, fast) in enumerate(rounds, start=1)
        ),
        "",
        f"Issue rate: {versus_weasy:.1f} times WeasyPrint's (goal: at least 10): "
        f"{'met' if versus_weasy >= 10 else 'not met'}.",
        f"Issue time: {versus_bare:.2f} times the bare script's with reportlab's defaults, "
        f"{versus_fast:.2f} times the tuned bare script's (goal: within 2): "
        f"{'met' if max(versus_bare, versus_fast) <= 2 else 'not met'}.",
        "",
        "The bare scripts do no checking, no run splitting, no language spans or ActualText, "
        "attach nothing and sign nothing, so their PDFs lack the credential's kilobyte or "
        "two; but they also shape every line of every page afresh, where the certificate "
        "keeps the shaped lines that repeat in a bulk issue (the training, the place, the "
        "issuer), which is how the certificate can come out ahead of the tuned script. "
        "WeasyPrint's PDFs are smaller mostly because its embedded font subsets are: "
        "reportlab's subsets of the same fonts are several times bigger once compressed.",
        "",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
