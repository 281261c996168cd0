"""Long lists in pages, the same on every channel: the first message gives the counts and at
most `PAGE` entries, then "Xem tiếp" gives the next ones — a button where the channel has
buttons (data `pg:<list>:<arg>:<shown>`), otherwise `/tiep` or the bare word "tiep".

Why: /quahan printed 86 entries in one go, a dozen phone screens; nobody reads past the
second. Lists are computed afresh for every page (the database is the one truth), so the
cursor cannot be a bare offset: a focal point who marks two tasks of page 1 done and then
asks for page 2 would skip two tasks. The cursor is the set of keys already shown, kept in
the contact's `PageCursor` row (`listing` = "<list>:<arg>", `shown` = the shown keys): the
next page is the first `PAGE` items not shown yet, so nothing is repeated, and the only items
never shown are those that left the list meanwhile.

The cursor is not a question (`Prompt`): it never captures free text, a question asked
meanwhile (the note after "xong") leaves it alone, and only a new list or /huy replaces it.
A button also works without the stored cursor (it expired): then the first `<shown>` items
of the list count as shown.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.domain import Action
from bot.render import bold
from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.prompts import PROMPT_TTL
from bot.service.ports import Button, Entry, Reply
from bot.store import people

PAGE = 10  # entries per message: about two phone screens
PAGED = (Action.TASKS, Action.OVERDUE, Action.AGENCY, Action.TASK)


@dataclass
class Item:
    """One entry of a list. `key` is stable between pages ("a<assignment id>", "e<event id>");
    items of one `group` are shown under its heading, repeated on each page the group spans."""

    key: str
    entry: Entry
    group: str = ""


@dataclass
class Listing:
    """A whole list as of now: `head` (the counts) opens the first page only; `title` heads
    the later ones; `name` and `arg` rebuild it (`arg` canonical: an agency id, a task code)."""

    name: Action
    arg: str
    title: str
    head: list[Entry]
    items: list[Item] = field(default_factory=list)


Build = Callable[[str, str], Listing]


def first(ctx: Ctx, listing: Listing) -> Reply:
    """The first page: the counts and at most `PAGE` items."""
    return _page(ctx, listing, [], list(listing.head))


def resume(ctx: Ctx, build: Build, data: str | None = None) -> Reply:
    """The next page: for `/tiep` (`data` None) from the stored cursor, for a button from its data."""
    cursor = _cursor(ctx)
    if data is None:
        if cursor is None:
            raise Refusal(texts.PAGE_NONE)
        name, arg, shown = cursor
        listing = build(name, arg)
    else:
        parts = data.split(":")
        if len(parts) != 4 or parts[1] not in set(PAGED) or not parts[3].isdigit():
            raise Refusal(texts.STALE_BUTTON)
        name, arg, n = parts[1], parts[2], int(parts[3])
        listing = build(name, arg)
        same = cursor is not None and cursor[:2] == (name, arg) and len(cursor[2]) == n
        shown = cursor[2] if same else [i.key for i in listing.items[:n]]
    seen = set(shown)
    left = sum(1 for i in listing.items if i.key not in seen)
    page = [i for i in listing.items if i.key not in seen][:PAGE]
    head = texts.PAGE_HEAD.format(title=bold(listing.title), first=len(shown) + 1 if page else len(shown),
                                  last=len(shown) + len(page), total=len(shown) + left)
    return _page(ctx, listing, shown, [Entry(head)])


def _page(ctx: Ctx, listing: Listing, shown: list[str], head: list[Entry]) -> Reply:
    seen = set(shown)
    rest = [i for i in listing.items if i.key not in seen]
    page, after = rest[:PAGE], rest[PAGE:]
    before = _before(listing.items, page[0]) if page else None
    reply = Reply(entries=head + _entries(page, before))
    shown = shown + [i.key for i in page]
    if not after:
        if shown and len(shown) > len(page):  # a later page: say it is the end
            reply.entries.append(Entry(texts.PAGE_END))
        _forget(ctx)
        return reply
    if ctx.has_buttons:
        reply.buttons.append(Button(texts.PAGE_MORE_BUTTON.format(n=len(after)),
                                    f"pg:{listing.name}:{listing.arg}:{len(shown)}"))
    else:
        reply.entries.append(Entry(texts.PAGE_MORE_TEXT.format(n=len(after))))
    _remember(ctx, listing, shown)
    return reply


def _before(items: list[Item], item: Item) -> Item | None:
    i = items.index(item)
    return items[i - 1] if i else None


def _entries(page: list[Item], before: Item | None) -> list[Entry]:
    """Items as entries; items of one group merge under its heading ("(tiếp)" when the group
    began on an earlier page)."""
    out: list[Entry] = []
    group = None
    for item in page:
        if item.group and item.group == group:
            if item.entry.text:
                out[-1].text += "\n" + item.entry.text
            out[-1].buttons += item.entry.buttons
            continue
        group = item.group
        if not item.group:
            out.append(Entry(item.entry.text, list(item.entry.buttons)))
            continue
        heading = item.group + (texts.PAGE_CONTINUED if not out and before and before.group == item.group else "")
        out.append(Entry("\n".join(x for x in (heading, item.entry.text) if x), list(item.entry.buttons)))
    return out


# -- the cursor (its own table: a question asked meanwhile keeps it) ---------------------

def _cursor(ctx: Ctx) -> tuple[str, str, list[str]] | None:
    cursor = None if ctx.contact is None else people.live_cursor(ctx.session, ctx.contact.id, ctx.now)
    if cursor is None or ":" not in cursor.listing:
        return None
    name, arg = cursor.listing.split(":", 1)
    return name, arg, [k for k in cursor.shown.split(",") if k]


def _remember(ctx: Ctx, listing: Listing, shown: list[str]) -> None:
    if ctx.contact is not None:
        people.set_cursor(ctx.session, ctx.contact.id, f"{listing.name}:{listing.arg}", shown, ctx.now + PROMPT_TTL)


def _forget(ctx: Ctx) -> None:
    if ctx.contact is not None:
        people.clear_cursor(ctx.session, ctx.contact.id)
