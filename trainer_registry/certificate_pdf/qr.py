"""The QR code that takes a phone to the certificate's verification page.

The symbol is made by reportlab's own QR encoder (``reportlab.graphics.barcode.qrencoder``,
the one behind its ``QrCodeWidget``) at error correction level M (about 15 % of the symbol
may be damaged and still read, ISO/IEC 18004), with the standard quiet zone of four modules
around it. It is drawn straight onto the canvas as one filled path, a rectangle per run of
dark modules in a row, so that it prints sharp at any size; going through the widget and a
``Drawing`` gives the same picture at several times the cost.

Choosing the data mask is most of the encoder's time: it builds the symbol with each of the
eight masks and scores each with the penalty rules of ISO/IEC 18004 (8.8.2), in pure
Python. :func:`best_mask` makes the same choice with numpy: the eight trial symbols differ
only in the data region (their format bits are blank while trying), so it builds the symbol
once, takes the mask off and scores all eight with reportlab's own rules, vectorised: runs
of five or more equal modules (N1 + length - 5 each), 2 x 2 blocks of one colour (N2 each),
the finder-like pattern 1011101 followed by four light modules (N3 each; reportlab looks
for that one orientation, in rows only, its column pass compares tuples with a list and
never matches, and not in the last window of a row), and the share of dark modules (N4 for
each 5 % away from half), with N1..N4 = 3, 3, 40, 10. The tests check that it picks
reportlab's mask.
"""

from __future__ import annotations

from functools import cache
from itertools import groupby

import numpy as np
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4


FINDER_LIKE = np.array([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], dtype=bool)


@cache
def _mask_grids(size: int) -> np.ndarray:
    """The eight masks of reportlab's encoder over a ``size`` x ``size`` symbol."""
    rows, cols = np.indices((size, size))
    return np.array(
        [
            np.vectorize(qrencoder.QRUtil.getMask(pattern))(rows, cols).astype(bool)
            for pattern in range(8)
        ]
    )


def _long_run_penalty(symbol: np.ndarray) -> int:
    """N1 rule down the columns: every run of L >= 5 equal modules costs L - 2."""
    size = symbol.shape[0]
    edges = np.ones((size, size + 1), dtype=bool)  # per column: where a run starts or ends
    edges[:, 1:-1] = symbol.T[:, 1:] != symbol.T[:, :-1]
    bounds = np.flatnonzero(edges.ravel()) % (size + 1)
    lengths = np.diff(bounds)
    lengths = lengths[lengths >= 5]
    return int((lengths - 2).sum())


def _finder_like_penalty(symbol: np.ndarray) -> int:
    """N3 rule along the rows, as reportlab counts it."""
    windows = np.lib.stride_tricks.sliding_window_view(symbol, FINDER_LIKE.size, axis=1)
    windows = windows[:, : symbol.shape[1] - FINDER_LIKE.size]
    return 40 * int((windows == FINDER_LIKE).all(axis=2).sum())


def penalty(symbol: np.ndarray) -> int:
    """reportlab's score of a masked symbol (lower is better), see the module docstring."""
    runs = _long_run_penalty(symbol) + _long_run_penalty(symbol.T)
    corner = symbol[:-1, :-1]
    blocks = (corner == symbol[1:, :-1]) & (corner == symbol[:-1, 1:]) & (corner == symbol[1:, 1:])
    finder_like = _finder_like_penalty(symbol)  # reportlab's column pass never matches
    dark_share = 100 * int(symbol.sum()) // symbol.size
    balance = 10 * (abs(dark_share - 50) // 5)
    return runs + 3 * int(blocks.sum()) + finder_like + balance


def best_mask(code: qrencoder.QRCode) -> int:
    """The mask reportlab's ``getBestMaskPattern`` picks for ``code``, found with numpy."""
    code.makeImpl(True, 0)
    symbol = np.array(code.modules, dtype=bool)
    cols, rows = np.array(code.dataPosIterator()).T
    masks = _mask_grids(symbol.shape[0])[:, rows, cols]
    data = symbol[rows, cols] ^ masks[0]
    scores = []
    for mask in masks:
        symbol[rows, cols] = data ^ mask
        scores.append(penalty(symbol))
    return scores.index(min(scores))


def qr_modules(value: str) -> list[list[bool]]:
    """The QR symbol for ``value``, row by row from the top, True for a dark module."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    code.makeImpl(False, best_mask(code))
    return [[bool(module) for module in row] for row in code.modules]


def draw_qr(canvas: Canvas, value: str, *, x: float, y: float, size: float) -> None:
    """Draw a QR code holding ``value`` as a ``size``-point square with its lower left
    corner (quiet zone included) at (``x``, ``y``), in the current fill colour.

    The modules are written as PDF operators in module units (one ``cm`` scales them), a
    rectangle per run of dark modules: whole numbers, a small content stream, and no
    per-number formatting through reportlab's path objects.
    """
    rows = qr_modules(value)
    count = len(rows)
    module = size / (count + 2 * QUIET_ZONE_MODULES)
    operators = [f"q {module:.6f} 0 0 {module:.6f} {x:.3f} {y:.3f} cm"]
    for r, row in enumerate(rows):
        bottom = count + QUIET_ZONE_MODULES - 1 - r  # rows count from the top
        column = QUIET_ZONE_MODULES
        for dark, modules in groupby(row):
            length = len(list(modules))
            if dark:
                operators.append(f"{column} {bottom} {length} 1 re")
            column += length
    operators.append("f Q")
    canvas.addLiteral("\n".join(operators))
