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

import itertools
from dataclasses import dataclass
from functools import cache
from itertools import groupby

import numpy as np
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4


FINDER_LIKE = np.array([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], dtype=bool)
_LEVEL = qrencoder.QRErrorCorrectLevel.M

# GF(256) with reportlab's primitive polynomial (x^8 + x^4 + x^3 + x^2 + 1).
_EXP = [1 << i for i in range(8)]
for _i in range(8, 256):
    _EXP.append(_EXP[_i - 4] ^ _EXP[_i - 5] ^ _EXP[_i - 6] ^ _EXP[_i - 8])
_LOG = [0] * 256
for _i in range(255):
    _LOG[_EXP[_i]] = _i


@cache
def _generator_logs(count: int) -> tuple[int, ...]:
    """The logs of the Reed-Solomon generator polynomial's coefficients after the leading
    one, prod(x - a^i) for i < ``count``, as reportlab's ``getErrorCorrectPolynomial``."""
    poly = [1]
    for i in range(count):
        term, product = _EXP[i], [*poly, 0]
        for j, coefficient in enumerate(poly):
            if coefficient:
                product[j + 1] ^= _EXP[(_LOG[coefficient] + _LOG[term]) % 255]
        poly = product
    return tuple(_LOG[c] for c in poly[1:])


def _error_correction(data: list[int], count: int) -> list[int]:
    """The ``count`` error correction codewords of one block: the remainder of the data
    polynomial times x^count divided by the generator (what reportlab's ``mod`` gives)."""
    logs = _generator_logs(count)
    remainder = [0] * count
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            shift = _LOG[factor]
            for i, log in enumerate(logs):
                remainder[i] ^= _EXP[(shift + log) % 255]
    return remainder


def codewords(code: qrencoder.QRCode) -> list[int]:
    """The symbol's codewords, data and error correction interleaved block by block, as
    reportlab's ``QRCode.createData`` makes them, with the generator polynomials kept."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(code.version, code.errorCorrectLevel)
    buffer = qrencoder.QRBitBuffer()
    for data in code.dataList:
        data.write(buffer, code.version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"QR code data too long: {buffer.getLengthInBits()} > {capacity} bits")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pads = itertools.cycle((qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1))
    while buffer.getLengthInBits() < capacity:
        buffer.put(next(pads), 8)
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        data = buffer.buffer[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(data)
        ec_blocks.append(_error_correction(data, block.totalCount - block.dataCount))
    return [
        byte
        for group in (data_blocks, ec_blocks)
        for column in itertools.zip_longest(*group)
        for byte in column
        if byte is not None
    ]


@dataclass(frozen=True, eq=False)
class _Frame:
    """What every symbol of one version shares: the function patterns with blank format
    bits (``blank``), where the data modules are, and the eight masks over them."""

    blank: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    masks: np.ndarray  # (8, data modules)


@cache
def _frame(version: int) -> _Frame:
    code = qrencoder.QRCode(version, _LEVEL)
    code.dataCache = []  # no data: only the function patterns are drawn
    code.makeImpl(True, 0)
    cols, rows = np.array(code.dataPosIterator()).T
    blank = np.array(code.modules, dtype=bool)
    blank[rows, cols] = False
    grid_rows, grid_cols = np.indices(blank.shape)
    masks = np.array(
        [
            np.vectorize(qrencoder.QRUtil.getMask(pattern))(grid_rows, grid_cols).astype(bool)[
                rows, cols
            ]
            for pattern in range(8)
        ]
    )
    return _Frame(blank=blank, rows=rows, cols=cols, masks=masks)


def _trial_symbols(code: qrencoder.QRCode) -> np.ndarray:
    """The eight symbols reportlab tries (format bits blank), one per mask: (8, n, n)."""
    frame = _frame(code.version)
    bits = np.unpackbits(np.array(codewords(code), dtype=np.uint8)).astype(bool)
    data = np.zeros(frame.rows.size, dtype=bool)  # modules past the data stay light
    data[: min(bits.size, data.size)] = bits[: data.size]
    symbols = np.repeat(frame.blank[None], 8, axis=0)
    symbols[:, frame.rows, frame.cols] = data ^ frame.masks
    return symbols


def _long_run_penalties(symbols: np.ndarray) -> np.ndarray:
    """N1 rule along the rows of each symbol: every run of L >= 5 equal modules costs
    L - 2."""
    count, size, _ = symbols.shape
    edges = np.ones((count, size, size + 1), dtype=bool)  # per row: where a run starts/ends
    edges[:, :, 1:-1] = symbols[:, :, 1:] != symbols[:, :, :-1]
    flat = np.flatnonzero(edges.ravel())
    lengths = np.diff(flat % (size + 1))  # negative across the end of a row
    long = lengths >= 5
    owner = flat[:-1][long] // (size * (size + 1))
    return np.bincount(owner, weights=lengths[long] - 2, minlength=count).astype(int)


def penalties(symbols: np.ndarray) -> np.ndarray:
    """reportlab's score of each masked symbol of a (k, n, n) stack (lower is better),
    see the module docstring."""
    runs = _long_run_penalties(symbols) + _long_run_penalties(symbols.transpose(0, 2, 1))
    corner = symbols[:, :-1, :-1]
    blocks = (
        (corner == symbols[:, 1:, :-1])
        & (corner == symbols[:, :-1, 1:])
        & (corner == symbols[:, 1:, 1:])
    )
    size = symbols.shape[1]
    windows = np.lib.stride_tricks.sliding_window_view(symbols, FINDER_LIKE.size, axis=2)
    windows = windows[:, :, : size - FINDER_LIKE.size]  # reportlab's column pass never matches
    finder_like = (windows == FINDER_LIKE).all(axis=3).sum(axis=(1, 2))
    dark_share = 100 * symbols.sum(axis=(1, 2)) // (size * size)
    balance = 10 * (np.abs(dark_share - 50) // 5)
    return runs + 3 * blocks.sum(axis=(1, 2)) + 40 * finder_like + balance


def penalty(symbol: np.ndarray) -> int:
    """reportlab's score of one masked symbol (lower is better)."""
    return int(penalties(symbol[None])[0])


def best_mask(code: qrencoder.QRCode) -> int:
    """The mask reportlab's ``getBestMaskPattern`` picks for ``code``, found with numpy."""
    return int(np.argmin(penalties(_trial_symbols(code))))  # the first of equal scores


def qr_modules(value: str) -> list[list[bool]]:
    """The QR symbol for ``value``, row by row from the top, True for a dark module."""
    code = qrencoder.QRCode(None, _LEVEL)
    code.addData(value)
    code.version = code.calculate_version()
    symbols = _trial_symbols(code)
    mask = int(np.argmin(penalties(symbols)))
    code.moduleCount = symbols.shape[1]
    code.modules = symbols[mask].tolist()
    code.setupTypeInfo(False, mask)  # the format bits (and version bits) of the mask chosen
    if code.version >= 7:
        code.setupTypeNumber(False)
    return code.modules


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
