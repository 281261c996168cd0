"""Request decoding and error answers of the fake Bot API server.

The Bot API accepts parameters in the query string, as ``application/x-www-form-urlencoded``,
as ``application/json`` or as ``multipart/form-data`` (file uploads).  python-telegram-bot sends
form data: strings go in raw, every other value JSON-encoded (``RequestParameter.json_value``),
files as multipart parts.  :class:`Params` reads values back the way Telegram does: a field
declared as Integer accepts ``"42"`` or ``42``; a field declared as a JSON-serialized object
accepts the JSON text (form) or the object itself (JSON body).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

# Telegram answers 502/504 from its nginx front with an HTML page, not JSON: clients must cope.
NGINX_PAGES = {
    502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n",
    504: "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
    "<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n",
}

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    504: "Gateway Timeout",
}


class ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": status, "description": ...}``."""

    def __init__(self, status: int, description: str | None = None, *,
                 retry_after: int | None = None, migrate_to_chat_id: int | None = None) -> None:
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
            else:
                description = DEFAULT_DESCRIPTIONS.get(status, "Unknown error")
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters: dict[str, int] = {}
        if retry_after is not None:
            self.parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            self.parameters["migrate_to_chat_id"] = migrate_to_chat_id

    def response(self) -> web.Response:
        if self.status in NGINX_PAGES and self.description == DEFAULT_DESCRIPTIONS[self.status]:
            return web.Response(status=self.status, text=NGINX_PAGES[self.status],
                                content_type="text/html")
        body: dict[str, Any] = {"ok": False, "error_code": self.status,
                                "description": self.description}
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return web.json_response(body, status=self.status)


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


class Params:
    """The parameters of one API call, with Telegram's type coercions."""

    def __init__(self, values: dict[str, Any], files: dict[str, Upload]) -> None:
        self.values = values
        self.files = files

    @classmethod
    async def read(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.method == "POST" and request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise bad_request("can't parse JSON encoded request") from exc
                if not isinstance(body, dict):
                    raise bad_request("JSON-encoded request must be an object")
                values.update(body)
            elif ctype == "multipart/form-data":
                reader = await request.multipart()
                async for part in reader:
                    if part.name is None:
                        continue
                    data = await part.read()
                    if part.filename is not None:
                        files[part.name] = Upload(part.filename, part.headers.get("Content-Type"),
                                                  bytes(data))
                    else:
                        values[part.name] = bytes(data).decode("utf-8", "replace")
            else:
                values.update(await request.post())
        return cls(values, files)

    def __contains__(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1")

    def get_json(self, name: str, default: Any = None, *, what: str | None = None) -> Any:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(what or f"can't parse {name} JSON object") from None

    def chat_id(self, name: str = "chat_id", *, required: bool = True) -> int | str | None:
        """A chat identifier: an integer or ``@channelusername``."""
        value = self.values.get(name)
        if value in (None, ""):
            if required:
                raise bad_request(f"{name} is empty")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if text.startswith("@") and len(text) > 1:
            return text
        try:
            number = int(text)
        except ValueError:
            raise bad_request("chat not found") from None
        if number == 0:
            raise bad_request("chat not found")
        return number
