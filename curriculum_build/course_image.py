"""The course card image: a plain PNG in the course's colour, written by the builder.

Studio requires a course image; a generated one keeps the sources free of binary files
and the archive byte-identical from build to build (PNG holds no timestamp here).
"""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 378, 225  # the card size the Open edX catalogue shows


def solid_png(rgb: tuple[int, int, int], *, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A ``width`` x ``height`` PNG filled with one colour (8-bit RGB, no alpha)."""
    row = b"\x00" + bytes(rgb) * width  # filter byte 0, then the pixels
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)
