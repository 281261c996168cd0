"""Evidence files on disk: type checked by content, stored by SHA-256, never executed or served.

Why by content and not by name or declared MIME type: both come from the sender. A file is
accepted only if its first bytes say it is one of the kinds a government office sends as
evidence (pdf, doc, docx, xls, xlsx, odt, jpg, png); zip-based formats are opened to check
the inner `mimetype` (ODF) or `[Content_Types].xml` (OOXML), reading only those small members.
Stored as `<root>/<sha[:2]>/<sha>` without an extension, mode 0600: the name the sender chose
never reaches the file system, and nothing serves this directory.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # Telegram's cloud Bot API serves files up to 20 MB
KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "jpg", "png")
IMAGE_KINDS = ("jpg", "png")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SMALL_MEMBER = 1 << 20  # an inner mimetype / content-types file larger than this is not genuine


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes, name: str = "") -> str | None:
    """The kind of `data` (one of KINDS) from its content, or None if it is none of them."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(_OLE2):
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return "xls"
        return None
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = {i.filename: i for i in z.infolist()}
            mt = names.get("mimetype")
            if mt is not None and mt.file_size < _SMALL_MEMBER:
                if z.read(mt).strip() == b"application/vnd.oasis.opendocument.text":
                    return "odt"
                return None
            ct = names.get("[Content_Types].xml")
            if ct is None or ct.file_size > _SMALL_MEMBER:
                return None
            types = z.read(ct)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    if b"wordprocessingml.document.main+xml" in types:
        return "docx"
    if b"spreadsheetml.sheet.main+xml" in types:
        return "xlsx"
    return None


def clean_name(name: str, kind: str, sha: str) -> str:
    """The sender's file name made harmless for display (no path, no control characters), with
    the extension its content has. A photo without a name gets one from its hash."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", base).strip(" .")[:100]
    if not base:
        base = f"anh-{sha[:8]}" if kind in IMAGE_KINDS else f"tep-{sha[:8]}"
    stem, dot, ext = base.rpartition(".")
    if dot and ext.lower() in (kind, "jpeg" if kind == "jpg" else kind):
        return base
    return f"{base}.{kind}"


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} KB"


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    kind: str


class FileStore:
    """Evidence files under `root` by SHA-256 (the same file twice is stored once)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ValueError("not a sha256")
        return self.root / sha[:2] / sha

    def put(self, data: bytes, kind: str) -> Stored:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.chmod(tmp, 0o600)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return Stored(sha, len(data), kind)

    def get(self, sha: str) -> bytes | None:
        try:
            return self.path(sha).read_bytes()
        except (OSError, ValueError):
            return None
