"""The one size cap every upload route reads its body through (`upload_form`).

Why here and not per route: a cap that only checks Content-Length lets a body without one
(chunked) through unread and unbounded, and a route that refuses every body without one
refuses browsers and clients that stream. So the body is read through a counter: a declared
length over the cap is refused before a byte is read, and any body is refused as soon as more
than the cap has arrived, whatever it declared. Too big is HTTP 413 (`TooLarge`) with the
route's own Vietnamese message.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from starlette.datastructures import FormData

from bot.service.portal.actions import TooLarge


def capped(request: Request, cap: int, message: str) -> Request:
    """The same request, its body readable only up to `cap` bytes (then TooLarge(message))."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:  # refused unread; any other body is counted
        raise TooLarge(message)
    seen = 0
    receive = request.receive

    async def counted():
        nonlocal seen
        event = await receive()
        if event["type"] == "http.request":
            seen += len(event.get("body", b""))
            if seen > cap:
                raise TooLarge(message)
        return event

    return Request(request.scope, counted)


@asynccontextmanager
async def upload_form(request: Request, cap: int, message: str, **limits) -> AsyncIterator[FormData]:
    """The multipart form of a body of at most `cap` bytes; its spooled files are closed after."""
    form = await capped(request, cap, message).form(**limits)
    try:
        yield form
    finally:
        await form.close()
