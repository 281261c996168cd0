"""Files on the fake Bot API: sendPhoto/sendDocument uploads, getFile, downloads, and users
sending photos, documents and stickers."""

from __future__ import annotations

import mimetypes
import struct
import zlib
from typing import Any

from aiohttp import web

from ._tg_http import ApiError, Params, Upload, bad_request
from ._tg_text import MAX_CAPTION, prepare_text

MAX_UPLOAD = 50 * 1024 * 1024
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid, small, grey PNG image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG/JPEG/GIF/BMP/WEBP image, or None if it is not an image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8\xff"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker, size = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return width, height
            i += 2 + size
        return 800, 600
    if any(data.startswith(magic) for magic in _IMAGE_MAGIC):
        return 800, 600
    return None


class MediaMixin:
    """Stored files (uploaded by the bot or sent by users) and the media methods."""

    def _init_media(self) -> None:
        self.files: dict[str, dict[str, Any]] = {}
        self.downloads: list[str] = []  # file paths the bot downloaded from /file/bot<token>/

    def add_file(self, kind: str, data: bytes | None, *, filename: str | None = None,
                 mime_type: str | None = None, url: str | None = None) -> dict[str, Any]:
        """Register a file and return its Bot API description (file_id, file_unique_id...)."""
        file_id, unique_id = self.chatbook.new_file(kind)
        folder = {"photo": "photos", "document": "documents", "sticker": "stickers"}.get(kind, kind)
        suffix = (filename or "").rpartition(".")[2] if filename and "." in filename else "bin"
        if kind == "photo":
            suffix = "jpg"
        entry = {"file_id": file_id, "file_unique_id": unique_id, "data": data,
                 "filename": filename, "mime_type": mime_type, "url": url,
                 "file_path": f"{folder}/file_{len(self.files)}.{suffix}"}
        self.files[file_id] = entry
        return entry

    def _file_input(self, p: Params, field: str, kind: str) -> tuple[dict[str, Any], Upload | None]:
        """The file a send refers to: an upload, a known file_id or an HTTP URL."""
        upload = p.files.get(field)
        value = p.get_str(field)
        if upload is None and value and value.startswith("attach://"):
            upload = p.files.get(value[len("attach://"):])
        if upload is not None:
            if len(upload.data) > MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            if not upload.data:
                raise bad_request("file must be non-empty")
            mime = upload.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(upload.filename or "")[0] or mime
            return self.add_file(kind, upload.data, filename=upload.filename, mime_type=mime), upload
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        if value in self.files:
            return self.files[value], None
        if value.startswith(("http://", "https://")):
            return self.add_file(kind, None, url=value), None
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def _send_media(self, p: Params, kind: str) -> dict[str, Any]:
        chat_id, chat, reply, markup = self._begin_send(p)
        caption, entities = prepare_text(p.get_str("caption"), p.get_str("parse_mode"),
                                         p.get_json("caption_entities"), limit=MAX_CAPTION,
                                         caption=True, strict_ampersand=self.strict_ampersand)
        entry, upload = self._file_input(p, kind, kind)
        content: dict[str, Any] = {}
        data = entry["data"]
        if kind == "photo":
            size = image_size(data) if data is not None else (800, 600)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            content["photo"] = self._photo_sizes(entry, *size)
        else:
            content["document"] = {k: v for k, v in {
                "file_id": entry["file_id"], "file_unique_id": entry["file_unique_id"],
                "file_name": entry["filename"], "mime_type": entry["mime_type"],
                "file_size": len(data) if data is not None else None}.items() if v is not None}
        message = self.chatbook.new_message(
            chat_id, self.bot_user, chat=chat, caption=caption or None,
            caption_entities=entities or None, reply_markup=markup, reply_to_message=reply,
            **content)
        self.chatbook.store(message)
        self._record("send" + kind.capitalize(), p, message, caption=p.get_str("caption"),
                     plain_text=caption, entities=entities, file_bytes=data,
                     filename=entry["filename"], mime_type=entry["mime_type"])
        return message

    @staticmethod
    def _photo_sizes(entry: dict[str, Any], width: int, height: int) -> list[dict[str, Any]]:
        sizes = []
        scale = min(1.0, 90 / max(width, height, 1))
        if scale < 1.0:
            sizes.append({"file_id": entry["file_id"] + "-S", "file_unique_id":
                          entry["file_unique_id"] + "s", "width": max(1, int(width * scale)),
                          "height": max(1, int(height * scale))})
        sizes.append({"file_id": entry["file_id"], "file_unique_id": entry["file_unique_id"],
                      "width": width, "height": height,
                      "file_size": len(entry["data"] or b"")})
        return sizes

    async def api_sendphoto(self, p: Params) -> dict[str, Any]:
        return await self._send_media(p, "photo")

    async def api_senddocument(self, p: Params) -> dict[str, Any]:
        return await self._send_media(p, "document")

    async def api_getfile(self, p: Params) -> dict[str, Any]:
        file_id = (p.get_str("file_id") or "").removesuffix("-S")
        entry = self.files.get(file_id)
        if entry is None:
            raise bad_request("invalid file_id")
        result = {"file_id": entry["file_id"], "file_unique_id": entry["file_unique_id"]}
        if entry["data"] is not None:
            result.update(file_size=len(entry["data"]), file_path=entry["file_path"])
        return result

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        path = request.match_info["path"]
        self.downloads.append(path)
        for entry in self.files.values():
            if entry["file_path"] == path and entry["data"] is not None:
                return web.Response(body=entry["data"],
                                    content_type=entry["mime_type"] or "application/octet-stream")
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"},
                                 status=404)

    # ------------------------------------------------------------------ users sending files
    def push_photo(self, user_id: int, *, data: bytes | None = None, caption: str | None = None,
                   chat_id: int | None = None, chat_type: str = "private") -> int:
        """A user sends a photo (default: a tiny PNG); the bot can getFile and download it."""
        data = data if data is not None else tiny_png(120, 90)
        entry = self.add_file("photo", data, mime_type="image/jpeg")
        size = image_size(data) or (800, 600)
        return self._push_media(user_id, chat_id, chat_type, caption,
                                photo=self._photo_sizes(entry, *size))

    def push_document(self, user_id: int, data: bytes, filename: str, *,
                      mime_type: str | None = None, caption: str | None = None,
                      chat_id: int | None = None, chat_type: str = "private") -> int:
        """A user sends a file, e.g. an .xlsx plan to import."""
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        entry = self.add_file("document", data, filename=filename, mime_type=mime_type)
        document = {"file_id": entry["file_id"], "file_unique_id": entry["file_unique_id"],
                    "file_name": filename, "mime_type": mime_type, "file_size": len(data)}
        return self._push_media(user_id, chat_id, chat_type, caption, document=document)

    def push_sticker(self, user_id: int, *, emoji: str = "👍", chat_id: int | None = None,
                     chat_type: str = "private") -> int:
        """A user sends a (static, regular) sticker."""
        entry = self.add_file("sticker", b"RIFF\x00\x00\x00\x00WEBPVP8 ", mime_type="image/webp")
        sticker = {"file_id": entry["file_id"], "file_unique_id": entry["file_unique_id"],
                   "type": "regular", "width": 512, "height": 512, "is_animated": False,
                   "is_video": False, "emoji": emoji, "set_name": "FakeStickers",
                   "file_size": 16}
        return self._push_media(user_id, chat_id, chat_type, None, sticker=sticker)

    def _push_media(self, user_id: int, chat_id: int | None, chat_type: str,
                    caption: str | None, **content: Any) -> int:
        sender, chat = self._sender_chat(user_id, chat_id, chat_type, None, {})
        message = self.chatbook.new_message(chat["id"], sender, chat=chat, caption=caption,
                                            **content)
        self.chatbook.store(message)
        return self.push_update({"message": message})
