"""The peer rendered from HTML: the same certificate page made by WeasyPrint.

Run by ``run.py`` in its own interpreter (WeasyPrint is not a dependency of the project):
``PYTHON weasyprint_peer.py PAGES.json`` renders every page of the file, with the same
texts, fonts (found by fontconfig under their family names), QR code (from reportlab's
encoder, as inline SVG) and attached credential, and prints one line of JSON:
``{"count": N, "seconds": S, "bytes": B, "weasyprint": VERSION}``.
"""

from __future__ import annotations

import html
import json
import sys
import time
from itertools import groupby
from pathlib import Path

import weasyprint
from reportlab.graphics.barcode import qrencoder

FAMILIES = {
    "km": "Noto Serif Khmer",
    "lo": "Noto Serif Lao",
    "my": "Noto Serif Myanmar",
    "th": "Noto Serif Thai",
    "vi": "Noto Serif",
    "zh-hans": "AR PL UMing CN",
}
CSS = """
@page { size: A4 landscape; margin: 0 }
body { margin: 0; font-family: "Noto Serif"; color: #1c2936 }
.frame { position: absolute; left: 24pt; top: 24pt; width: 793.9pt; height: 547.3pt;
         border: 1.6pt solid #1f3a5c; box-sizing: border-box }
.inner { position: absolute; left: 31pt; top: 31pt; width: 779.9pt; height: 533.3pt;
         border: 0.4pt solid #1f3a5c; box-sizing: border-box }
.c { position: absolute; left: 90pt; width: 661.9pt; text-align: center; margin: 0;
     white-space: nowrap; line-height: 1 }
.l { position: absolute; left: 90pt; margin: 0; line-height: 1 }
.r { position: absolute; right: 178pt; margin: 0; line-height: 1; text-align: right }
.muted { color: #5c6673 }
.accent { color: #1f3a5c; font-weight: bold }
.rule { position: absolute; left: 90pt; top: 473.3pt; width: 240pt;
        border-top: 0.6pt solid #5c6673 }
.qr { position: absolute; left: 667.9pt; top: 451.3pt; width: 92pt; height: 92pt }
"""


def qr_svg(value: str) -> str:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    rects = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in groupby(row):
            n = len(list(run))
            if dark:
                rects.append(f'<rect x="{c + 4}" y="{r + 4}" width="{n}" height="1"/>')
            c += n
    size = count + 8
    return (
        f'<svg class="qr" viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg">'
        f"{''.join(rects)}</svg>"
    )


def _p(css_class: str, top: float, size: float, text: str, language: str = "") -> str:
    # top is the distance from the page's top to the line's box, baseline about 0.8 em down
    style = f"top:{top - 0.8 * size:.1f}pt;font-size:{size}pt"
    lang = ""
    if language:
        style += f";font-family:'{FAMILIES[language]}'"
        lang = f' lang="{language}"'
    return f'<p class="{css_class}"{lang} style="{style}">{html.escape(text)}</p>'


def page_html(page: dict) -> str:
    height = 595.3
    parts = ['<div class="frame"></div><div class="inner"></div><div class="rule"></div>']
    parts.append(_p("c muted", height - 512, 10.5, page["organisation"]))
    parts.append(_p("c accent", height - 462, 30, page["heading"]))
    parts.append(_p("c muted", height - 418, 13, page["lead"]))
    if page["name_own_script"]:
        parts.append(_p("c", height - 360, 34, page["name_own_script"], page["language"]))
        parts.append(_p("c", height - 322, 19, page["name_latin"]))
    else:
        parts.append(_p("c", height - 350, 34, page["name_latin"]))
    parts.append(_p("c muted", height - 282, 13, page["achievement"]))
    y = 252.0
    for line in page["certified"]:
        parts.append(_p("c accent", height - y, 17, line))
        y -= 17 * 1.3
    parts.append(_p("c", height - (y - 4), 13, page["when_and_where"]))
    parts.append(_p("l", height - 104, 12, page["issuer_name"]))
    parts.append(_p("l muted", height - 89, 10, page["issuer_role"]))
    parts.append(_p("l", height - 66, 10, page["issued"]))
    parts.append(_p("r muted", height - 118, 9, "Verification code"))
    parts.append(_p("r", height - 102, 13, page["code"]))
    parts.append(_p("r muted", height - 88, 8, page["verify_at"]))
    parts.append(qr_svg(page["verify_url"]))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(page['title'])}</title></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def main() -> None:
    pages = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    stylesheet = weasyprint.CSS(string=CSS)
    font_config = weasyprint.text.fonts.FontConfiguration()
    # Warm up: the first document loads the fonts.
    weasyprint.HTML(string=page_html(pages[0])).write_pdf(
        stylesheets=[stylesheet], font_config=font_config
    )
    total = 0
    first = b""
    start = time.perf_counter()
    for page in pages:
        attachment = weasyprint.Attachment(
            string=page["credential"], name="credential.json", description="credential"
        )
        pdf = weasyprint.HTML(string=page_html(page)).write_pdf(
            stylesheets=[stylesheet], font_config=font_config, attachments=[attachment]
        )
        total += len(pdf)
        first = first or pdf
    seconds = time.perf_counter() - start
    if len(sys.argv) > 2:  # keep the first certificate, to look at
        Path(sys.argv[2]).write_bytes(first)
    print(
        json.dumps(
            {
                "count": len(pages),
                "seconds": seconds,
                "bytes": total,
                "weasyprint": weasyprint.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
