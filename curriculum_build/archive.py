"""Deterministic course archives: the same files give the same bytes on every build.

Entries are sorted, directories are listed before their contents, every entry has
mtime 0 (1970-01-01), uid and gid 0 with empty owner names and fixed modes (0755
folders, 0644 files); the gzip header carries no file name and mtime 0.
"""

from __future__ import annotations

import gzip
import io
import tarfile


def course_archive(files: dict[str, bytes]) -> bytes:
    """A ``.tar.gz`` of ``files`` (path inside the archive -> content)."""
    folders = {
        "/".join(path.split("/")[:depth])
        for path in files
        for depth in range(1, path.count("/") + 1)
    }
    entries = sorted([(folder, None) for folder in folders] + list(files.items()))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if content is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()
