"""The QR symbol is exactly the one reportlab's encoder makes, only found faster."""

from __future__ import annotations

import random

import numpy as np
import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qrencoder import QRUtil

from trainer_registry.certificate_pdf.qr import best_mask, codewords, penalty, qr_modules

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _addresses(count: int) -> list[str]:
    draw = random.Random(37)
    return [
        "https://registry.example.org/verify/"
        + "".join(draw.choice(ALPHABET) for _ in range(draw.randint(1, 140)))
        for _ in range(count)
    ]


def _code(value: str) -> qrencoder.QRCode:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    return code


@pytest.mark.parametrize("value", _addresses(60))
def test_the_mask_is_the_one_reportlab_picks(value):
    assert best_mask(_code(value)) == _code(value).getBestMaskPattern()


@pytest.mark.parametrize("value", _addresses(60))
def test_the_codewords_are_the_ones_reportlab_computes(value):
    code = _code(value)
    assert codewords(code) == qrencoder.QRCode.createData(
        code.version, code.errorCorrectLevel, code.dataList
    )


@pytest.mark.parametrize("value", [*_addresses(5), "https://registry.example.org/" + "A" * 150])
def test_the_symbol_is_the_one_reportlab_makes(value):
    reference = _code(value)
    reference.make()
    assert qr_modules(value) == [[bool(m) for m in row] for row in reference.modules]


@pytest.mark.parametrize("mask", range(8))
def test_each_penalty_is_reportlabs_lost_points(mask):
    code = _code("https://registry.example.org/verify/7G4KQ2MD9TZXEB1RV")
    code.makeImpl(True, mask)
    assert penalty(np.array(code.modules, dtype=bool)) == QRUtil.getLostPoint(code)
