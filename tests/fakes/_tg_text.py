"""Message text the way the Bot API server treats it: HTML entity parsing, trimming, limits.

The HTML parser follows TDLib's ``parse_html`` (what api.telegram.org runs): the same tags,
the same byte offsets and the same error texts, so ``BadRequest`` messages read like the real
ones (``Can't find end tag corresponding to start tag "b"``, ``Unsupported start tag "br" at
byte offset 5`` ...).  One deliberate difference, on by default (``strict_ampersand``): Telegram
keeps a bare ``&`` that starts no entity as a literal character; this fake rejects it, so a
missing ``html.escape`` on user text is caught before a ``<`` in that text breaks production.
"""

from __future__ import annotations

from typing import Any

from ._tg_http import bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

SUPPORTED_TAGS = frozenset({
    "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
})
SIMPLE_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler",
}
_SPACE = frozenset(b" \t\r\n\v\0")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


class EntityParseError(Exception):
    pass


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(src: bytes, pos: int) -> tuple[int, int]:
    """TDLib's decode_html_entity: (code point or 0, position after the reference)."""
    n = len(src)
    end = pos + 1
    code = 0
    if end < n and src[end] == ord("#"):
        end += 1
        if end < n and src[end] == ord("x"):
            end += 1
            while end < n and chr(src[end]) in "0123456789abcdefABCDEF":
                code = code * 16 + int(chr(src[end]), 16)
                end += 1
        else:
            while end < n and 48 <= src[end] <= 57:
                code = code * 10 + src[end] - 48
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while end < n and chr(src[end]).isascii() and chr(src[end]).isalpha():
            end += 1
        named = _NAMED.get(src[pos + 1:end])
        if named is None:
            return 0, pos
        code = ord(named)
    if end < n and src[end] == ord(";"):
        end += 1
    return code, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities (UTF-16 offsets) of Telegram-HTML ``text``."""
    src = text.encode("utf-8")
    n = len(src)

    def at(i: int) -> int:
        return src[i] if i < n else 0

    out: list[str] = []
    utf16 = 0
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, utf16 offset, len(out)
    entities: list[dict[str, Any]] = []
    surrogate = False
    i = 0
    while i < n:
        c = src[i]
        if c == ord("&"):
            code, end = _decode_entity(src, i)
            if code:
                surrogate |= 0xD800 <= code <= 0xDFFF
                out.append(chr(code))
                utf16 += 2 if code > 0xFFFF else 1
                i = end
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f'Character "&" at byte offset {i} must start an HTML entity: write it as &amp;')
        if c != ord("<"):
            j = i + 1
            while j < n and src[j] not in b"&<":
                j += 1
            chunk = src[i:j].decode("utf-8")
            out.append(chunk)
            utf16 += utf16_len(chunk)
            i = j
            continue
        begin = i
        i += 1
        if at(i) != ord("/"):
            tag, argument, i = _start_tag(src, begin, i)
            stack.append((tag, argument, utf16, len(out)))
            i += 1
            continue
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        while at(i) not in _SPACE and at(i) != ord(">"):
            i += 1
        end_tag = src[begin + 2:i].decode("utf-8", "replace").lower()
        while at(i) in _SPACE and at(i) != 0:
            i += 1
        if at(i) != ord(">"):
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, out_pos = stack.pop()
        if end_tag and end_tag != tag:
            raise EntityParseError(f'Unmatched end tag at byte offset {begin}, expected "</{tag}>",'
                                   f' found "</{end_tag}>"')
        if utf16 > offset:
            _add_entity(entities, tag, argument, offset, utf16 - offset, "".join(out[out_pos:]))
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    if surrogate:
        raise EntityParseError("Text contains invalid Unicode characters after decoding HTML "
                               "entities, check for unmatched surrogate code units")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _start_tag(src: bytes, begin: int, i: int) -> tuple[str, str, int]:
    """Read a start tag whose name starts at ``i``; returns (tag, argument, index of '>')."""
    n = len(src)

    def at(k: int) -> int:
        return src[k] if k < n else 0

    while at(i) not in _SPACE and at(i) != ord(">"):
        i += 1
    if at(i) == 0:
        raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
    tag = src[begin + 1:i].decode("utf-8", "replace").lower()
    if tag not in SUPPORTED_TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
    argument = ""
    while at(i) != ord(">"):
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) == ord(">"):
            break
        name_begin = i
        while at(i) not in _SPACE and at(i) not in b"=>/\"'":
            i += 1
        name = src[name_begin:i].decode("utf-8", "replace")
        if not name:
            raise EntityParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) != ord("="):
            if at(i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == "expandable":
                argument = "1"
            continue
        i += 1
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) == 0:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        value, i = _attribute_value(src, i)
        if at(i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        if (tag, name) in (("a", "href"), ("tg-emoji", "emoji-id")):
            argument = value
        elif (tag, name) == ("code", "class") and value.startswith("language-"):
            argument = value[len("language-"):]
        elif (tag, name) == ("span", "class") and value.startswith("tg-"):
            argument = value[3:]
        elif (tag, name) == ("blockquote", "expandable"):
            argument = "1"
    if tag == "span" and argument != "spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    return tag, argument, i


def _attribute_value(src: bytes, i: int) -> tuple[str, int]:
    n = len(src)
    if i < n and src[i] not in b"'\"":
        start = i
        while i < n and (chr(src[i]).isascii() and chr(src[i]).isalnum() or src[i] in b".-"):
            i += 1
        if i < n and src[i] not in _SPACE and src[i] != ord(">"):
            raise EntityParseError(f"Unexpected end of name token at byte offset {start}")
        return src[start:i].decode("ascii").lower(), i
    quote = src[i]
    i += 1
    value: list[str] = []
    while i < n and src[i] != quote:
        if src[i] == ord("&"):
            code, end = _decode_entity(src, i)
            if code:
                value.append(chr(code))
                i = end
                continue
        j = i + 1
        while j < n and src[j] != quote and src[j] != ord("&"):
            j += 1
        value.append(src[i:j].decode("utf-8", "replace"))
        i = j
    if i < n:
        i += 1
    return "".join(value), i


def _add_entity(entities: list[dict[str, Any]], tag: str, argument: str, offset: int,
                length: int, inner: str) -> None:
    last = entities[-1] if entities else None
    same = last is not None and last["offset"] == offset and last["length"] == length
    entity: dict[str, Any] = {"offset": offset, "length": length}
    if tag in SIMPLE_TYPES:
        entity["type"] = SIMPLE_TYPES[tag]
    elif tag == "tg-emoji":
        if not argument.isdigit() or int(argument) <= 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=argument)
    elif tag == "a":
        url = argument or inner
        if not url:
            return
        entity.update(type="text_link", url=url)
    elif tag == "pre":
        if same and last["type"] == "code" and "language" in last:
            last["type"] = "pre"
            return
        entity["type"] = "pre"
    elif tag == "code":
        if same and last["type"] == "pre" and argument:
            last["language"] = argument
            return
        entity["type"] = "code"
        if argument:
            entity["language"] = argument
    else:  # blockquote
        entity["type"] = "expandable_blockquote" if argument else "blockquote"
    entities.append(entity)


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram strips leading and trailing whitespace; entities are clipped accordingly."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[:len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def prepare_text(text: str | None, parse_mode: str | None, entities: list | None, *,
                 limit: int = MAX_TEXT, caption: bool = False,
                 strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """What a message shows for the given text: (plain text, entities), or ApiError 400."""
    text = text or ""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            plain, found = parse_html(text, strict_ampersand=strict_ampersand)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown modes are not validated by this fake: the text is kept as sent.
        plain, found = text, list(entities or [])
    else:
        raise bad_request("unsupported parse_mode")
    plain, found = _trim(plain, found)
    if not plain and not caption:
        raise bad_request("message text is empty")
    if len(plain) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return plain, found
