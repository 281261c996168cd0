"""The agency registry: canonical names, aliases, collective assignees and successors.

Matching is done on `text.fold` keys, so case, spacing, NFC/NFD, tone placement
("hoá"/"hóa", "uỷ"/"ủy") and missing diacritics never matter. A cell that lists several
agencies ("Sở Tài chính, Sở Công Thương và Ban Quản lý …") is split by greedy longest
match over words, because group names contain commas themselves ("Các sở, ban, ngành").
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from bot.store import Session, registry
from bot.store import reorg as reorg_store
from bot.store.models import Agency, AgencyAlias, GroupMember
from bot.text import fold, nfc

# Words that join agencies in a cell without being part of a name.
_FILLERS = {"va", "cung", "voi", "cac", "&"}


class UnknownAgency(LookupError):
    """A name that matches no agency; the message suggests the closest ones."""


class RegistryError(ValueError):
    """A registry that cannot be loaded as written; names the file, row and column to fix."""

    def __init__(self, row: AgencyRow, column: str, message: str):
        file, _, line = row.origin.rpartition(":")
        self.file, self.line = (file, int(line)) if file else ("agencies.csv", 0)
        self.column, self.message = column, message
        super().__init__(f"{row.origin or row.name} [{column}]: {message}")


@dataclass(frozen=True)
class AgencyRow:
    name: str
    kind: str = "agency"
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    successor: str = ""
    note: str = ""
    origin: str = field(default="", compare=False)  # "agencies.csv:12" when read from a file


def _check_successors(rows: list[AgencyRow], stored: list[Agency], kept: dict[int, int] | None = None) -> None:
    """Refuse unknown successors and successor rings before anything is written.

    `Registry.current` follows successors until it meets an agency twice; in a ring
    (A → B → A) every member resolves to another one, so A's tasks and invites silently
    went to B and B's to A. The rows are checked together with the stored agencies
    they leave untouched, because a ring can close through one of those."""
    ids = {a.id: a for a in stored}
    succ = {a.key: ids[a.successor_id].key for a in stored if a.successor_id in ids}
    names = {a.key: a.name for a in stored}
    by_key = {a.key: a.id for a in stored}
    for row in rows:
        names[fold(row.name)] = row.name
        succ.pop(fold(row.name), None)
        if row.successor:
            succ[fold(row.name)] = fold(row.successor)
        elif (kept or {}).get(by_key.get(fold(row.name))) in ids:  # set by `agencies merge`: kept
            succ[fold(row.name)] = ids[kept[by_key[fold(row.name)]]].key
    for row in rows:
        if row.successor and fold(row.successor) not in names:
            raise RegistryError(row, "successor", f"Cơ quan kế nhiệm không có trong danh mục: {row.successor}")
    order = {fold(r.name): i for i, r in enumerate(rows)}
    for row in rows:
        path, cur = [fold(row.name)], succ.get(fold(row.name))
        while cur is not None and cur not in path:
            path.append(cur)
            cur = succ.get(cur)
        if cur is None:
            continue
        ring = path[path.index(cur):]
        start = min(ring, key=lambda k: order.get(k, len(rows)))
        ring = ring[ring.index(start):] + ring[:ring.index(start)]
        shown = " → ".join(names.get(k, k) for k in [*ring, start])
        culprit = rows[order[start]] if start in order else row
        raise RegistryError(culprit, "successor", f"Cơ quan kế nhiệm tạo thành vòng: {shown}. Mỗi chuỗi "
                            "kế nhiệm phải dừng ở một cơ quan đang hoạt động (cột successor để trống).")


def read_registry(path: Path) -> list[AgencyRow]:
    """Read `data/agencies.csv` (columns name, kind, aliases, members, successor, note)."""
    rows: list[AgencyRow] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            split = lambda v: tuple(nfc(x) for x in (v or "").split("|") if x.strip())  # noqa: E731
            rows.append(AgencyRow(
                name=nfc(rec["name"]), kind=(rec.get("kind") or "agency").strip(),
                aliases=split(rec.get("aliases")), members=split(rec.get("members")),
                successor=nfc(rec.get("successor") or ""), note=nfc(rec.get("note") or ""),
                origin=f"{path.name}:{reader.line_num}",
            ))
    return rows


def sync_registry(session: Session, rows: list[AgencyRow]) -> None:
    """Upsert agencies, aliases, group members and successors (idempotent).

    Raises RegistryError for a successor ring or an unknown successor (before writing
    anything) and for an undeclared group member (the caller's transaction rolls back)."""
    by_key = {a.key: a for a in registry.all_agencies(session)}
    kept = reorg_store.successors(session)  # a reorganisation applied in the database outlives the CSV
    _check_successors(rows, list(by_key.values()), kept)
    for row in rows:
        agency = by_key.get(fold(row.name))
        if agency is None:
            agency = Agency(name=row.name, key=fold(row.name))
            by_key[agency.key] = agency
        agency.name, agency.is_group = row.name, row.kind == "group"
        session.add(agency)
    session.flush()
    for row in rows:
        agency = by_key[fold(row.name)]
        succ = by_key.get(fold(row.successor)) if row.successor else None
        agency.successor_id = succ.id if succ else kept.get(agency.id)
        have = {a.key: a for a in registry.aliases_of(session, agency.id)}
        want = {fold(a): a for a in row.aliases if fold(a) != agency.key}
        for key, alias in have.items():
            if key not in want:
                session.delete(alias)
        for key, text in want.items():
            if key not in have:
                session.add(AgencyAlias(agency_id=agency.id, alias=text, key=key))
        members = {by_key[fold(m)].id for m in row.members if fold(m) in by_key}
        missing = [m for m in row.members if fold(m) not in by_key]
        if missing:
            raise RegistryError(row, "members", f"Nhóm {row.name!r} có thành viên chưa khai báo: {', '.join(missing)}")
        current = {gm.member_id: gm for gm in registry.members_of(session, agency.id)}
        for mid, gm in current.items():
            if mid not in members:
                session.delete(gm)
        for mid in members - current.keys():
            session.add(GroupMember(group_id=agency.id, member_id=mid))
    session.flush()


@dataclass
class Registry:
    """An in-memory snapshot for matching; built once per import or per conversation load."""

    agencies: dict[int, Agency]
    keys: dict[str, int]  # folded name or alias -> agency id
    members: dict[int, list[int]] = field(default_factory=dict)
    _by_words: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, session: Session) -> Registry:
        agencies = {a.id: a for a in registry.all_agencies(session)}
        keys = {a.key: a.id for a in agencies.values()}
        for alias in registry.all_aliases(session):
            keys.setdefault(alias.key, alias.agency_id)
        members: dict[int, list[int]] = {}
        for gm in registry.all_members(session):
            members.setdefault(gm.group_id, []).append(gm.member_id)
        reg = cls(agencies=agencies, keys=keys, members=members)
        for key, aid in keys.items():
            words = tuple(key.split())
            if words:
                reg._by_words.setdefault(words[0], []).append((words, aid))
        for cands in reg._by_words.values():
            cands.sort(key=lambda c: -len(c[0]))
        return reg

    def current(self, agency_id: int) -> Agency:
        """Follow successor links (renamed or merged agencies) to the live agency."""
        agency, seen = self.agencies[agency_id], set()
        while agency.successor_id and agency.successor_id not in seen:
            seen.add(agency.id)
            agency = self.agencies[agency.successor_id]
        return agency

    def raw(self, text: str) -> Agency | None:
        """The agency a name or alias names, without following successors (reorganisations)."""
        aid = self.keys.get(fold(text))
        return self.agencies[aid] if aid is not None else None

    def resolve_raw(self, name: str) -> Agency:
        agency = self.raw(name)
        if agency is None:
            raise UnknownAgency(f"Không có cơ quan “{name}”{self.hint(name)}")
        return agency

    def predecessors(self, agency_id: int) -> list[Agency]:
        """Agencies merged into (or renamed to) this one, directly or through others."""
        return [a for a in self.agencies.values() if a.id != agency_id and a.successor_id is not None
                and self.current(a.id).id == agency_id]

    def match(self, text: str) -> Agency | None:
        aid = self.keys.get(fold(text))
        return self.current(aid) if aid is not None else None

    def resolve(self, name: str) -> Agency:
        """`match`, or an UnknownAgency whose message names the closest known agencies."""
        agency = self.match(name)
        if agency is None:
            raise UnknownAgency(f"Không có cơ quan “{name}”{self.hint(name)}")
        return agency

    def hint(self, text: str) -> str:
        """' — có phải: A; B?' with the closest names, or '' when nothing is close."""
        names = self.suggest(text)
        return f" — có phải: {'; '.join(names)}?" if names else ""

    def suggest(self, text: str, n: int = 3) -> list[str]:
        close = difflib.get_close_matches(fold(text), list(self.keys), n=n * 2, cutoff=0.5)
        names: list[str] = []
        for key in close:
            name = self.agencies[self.keys[key]].name
            if name not in names:
                names.append(name)
        return names[:n]

    def split(self, cell: str) -> tuple[list[Agency], list[str]]:
        """Agencies named in a cell, in order, and the fragments that matched nothing."""
        words = fold(cell).split()
        found: list[Agency] = []
        unknown: list[str] = []
        pending: list[str] = []
        i = 0
        while i < len(words):
            hit = next(((w, aid) for w, aid in self._by_words.get(words[i], ())
                        if tuple(words[i:i + len(w)]) == w), None)
            if hit is None:
                if not (words[i] in _FILLERS and not pending):
                    pending.append(words[i])
                i += 1
                continue
            if pending:
                unknown.append(" ".join(pending))
                pending = []
            agency = self.current(hit[1])
            if agency not in found:
                found.append(agency)
            i += len(hit[0])
        if pending and any(w not in _FILLERS for w in pending):
            unknown.append(" ".join(pending))
        return found, unknown

    def expand(self, agency: Agency) -> list[Agency]:
        """A group's member agencies (live ones); a plain agency, or an empty group, is itself."""
        if not agency.is_group or not self.members.get(agency.id):
            return [agency]
        out: list[Agency] = []
        for mid in self.members[agency.id]:
            member = self.current(mid)
            if member not in out:
                out.append(member)
        return out
