"""What a status reply means. Pure: no I/O, no clock (`today` is passed in).

The old keyword classifier recorded "done" for "xong chưa?", "sắp xong", "chưa thể hoàn
thành": a done word anywhere was enough. A wrong "done" silently stops every reminder for a
task, while a wrong "unclear" only costs the person one tap on a button. So DONE is given only to
an explicit, unqualified statement of completion, and anything mixed or hedged is UNCLEAR (the bot
then asks with buttons and changes nothing). The rules, in the order they are applied:

1. QUESTION: a question ("xong chưa", "… không?", "hạn khi nào", "có cần … không") — unless
   another clause states completion plainly ("xong rồi, có cần gửi bản giấy không?" is DONE).
2. A hedge ("chắc", "hình như", "có lẽ", "không rõ") is UNCLEAR; with a date it is DELAYED
   ("chắc tuần sau").
3. DONE: "xong", "đã xong", "xong rồi", "(đã) hoàn thành/hoàn tất", "hoàn thành 100%", "ht r",
   "done", "finished", "completed", ✅ — not preceded (three words back) by a negation (chưa,
   không/k/ko/kg, chẳng, khó, not), the future (sắp, gần, sẽ, mới, "tuần sau xong"), or a hedge,
   and not followed by a question ("xong chưa") or a part ("xong 80%", "xong bước 1", "xong dự
   thảo", "một phần"), nor after a date or a number ("15/8 xong") or "dự kiến". A note after it is kept ("xong, đã ban hành QĐ 123/QĐ-UBND"). Done together
   with a negated done, a future or partial done ("xong … sắp xong"), a delay or a "chưa" ("xong
   phần em, phần bên kia chưa") is UNCLEAR.
4. Part done and late together ("xong một phần nhưng còn chậm") is UNCLEAR.
5. DELAYED: a delay word (chậm, trễ, muộn, quá hạn, không kịp, không thể / chưa thể / khó hoàn
   thành, lùi, gia hạn, điều chỉnh, hẹn, "mới xong", delay, late, overdue, ETA), or an expected
   day with anything else ("chưa xong, dự kiến 20/7", "5 ngày nữa xong", "15/7"). `new_due` is the
   day, when one is named; the bot compares it with the current due date. "hôm nay", "bây giờ",
   "hôm qua", "hôm kia" are never that day: they say when something happens ("hôm nay họp" is
   UNCLEAR, like "đã gửi": the bot asks), and a delay that says them ("chậm, hôm nay mới gửi
   được") is DELAYED without a date, the words kept in the note (`extract_expected_date`).
6. IN_PROGRESS: not done yet without lateness ("chưa xong", "chx", "chưa ạ", "not yet"), doing
   ("đang làm", "đang trình ký"), part done ("hoàn thành 50%", "xong bước 1", "đã có dự thảo"),
   soon ("sắp xong", "gần xong", "sẽ xong").
7. CHAT: thanks, greetings, acknowledgements ("cảm ơn", "ok anh", "alo", "dạ vâng", 👍, 🙏).
8. Anything else is UNCLEAR ("đã gửi", "để em kiểm tra lại", "không", "?").

✅ alone is DONE: in Zalo and Telegram the tick is how people say "đã xong"; 👍 is only "ok".
`note` is what to store: the reply without its leading status words (for DELAYED also without
the date phrase), "" when nothing else was said.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schedules import _reply_words as w
from schedules._fold import fold
from schedules._reply_dates import extract_expected_date, names_now
from schedules.calendar import WorkCalendar

__all__ = ["Meaning", "ReplyReading", "extract_expected_date", "names_now", "read_reply"]


class Meaning(StrEnum):
    DONE = "done"
    DELAYED = "delayed"
    IN_PROGRESS = "in_progress"
    QUESTION = "question"
    UNCLEAR = "unclear"
    CHAT = "chat"


@dataclass(frozen=True)
class ReplyReading:
    meaning: Meaning
    new_due: date | None
    note: str
    date_problem: str | None  # for DELAYED with a date: why the date cannot be taken, else None


def _normal(folded: str) -> str:
    """Tokens of a folded clause, abbreviations expanded, joined by single spaces."""
    return " ".join(w.ABBREV.get(t, t) for t in w.TOKEN.findall(folded))


@dataclass
class _Signals:
    done: bool = False  # a clean statement of completion, outside any question clause
    blocked_neg: bool = False  # a done word negated ("chưa xong", "k xong")
    blocked_other: bool = False  # a done word in the future/hedged/partial/question
    question: bool = False
    trailing_chua: bool = False  # a clause ending in a bare "chưa"


def _done_words(clause: str, sig: _Signals, is_question: bool) -> None:
    for m in w.DONE_WORD.finditer(clause):
        head = clause[:m.start()].split()
        before, after = head[-3:], clause[m.end():].lstrip()
        if any(t in w.NEGATORS for t in before):
            sig.blocked_neg = True
        elif (any(t in w.BLOCK_BEFORE or t.isdigit() or t == "/" for t in before)  # "15/8 xong": the future
              or "kien" in head or w.AFTER_QUESTION.match(after)
              or w.AFTER_PART.match(after) or is_question):
            sig.blocked_other = True
        else:
            sig.done = True


def _signals(clauses: list[str]) -> _Signals:
    sig = _Signals()
    for c in clauses:
        words = c.replace("?", "").strip()
        is_q = bool(words) and ("?" in c or bool(w.QUESTION.search(words)))
        sig.question |= is_q
        _done_words(words, sig, is_q)
        if re.search(r"(?:^|\s)chua$", words) and not is_q and not w.CHUA_ALONE.fullmatch(words):
            sig.trailing_chua = True
    return sig


def read_reply(text: str, today: date, calendar: WorkCalendar | None = None) -> ReplyReading:
    """Read one status reply (task codes already removed). Never raises on a string."""
    nfc, folded = fold(text if isinstance(text, str) else "")
    clauses = [n for part in w.CLAUSE.split(folded) if (n := _normal(part))]
    whole = " ".join(clauses)
    if not whole.replace("?", "").replace("/", "").strip():
        meaning = Meaning.CHAT if w.SMILEY.search(folded) else Meaning.UNCLEAR
        return ReplyReading(meaning, None, _tidy(nfc), None)
    sig = _signals(clauses)
    plain = whole.replace(" ?", "").replace("?", "")
    hit = extract_expected_date(nfc, today, calendar=calendar)  # "hôm nay họp" names no new date
    partial, delay = bool(w.PARTIAL.search(plain)), bool(w.DELAY.search(plain))
    progress = bool(w.PROGRESS.search(plain))

    if sig.question and not sig.done:
        return ReplyReading(Meaning.QUESTION, None, _tidy(nfc), None)
    if w.HEDGE.search(plain):
        return _delayed(nfc, hit, today) if hit else ReplyReading(Meaning.UNCLEAR, None, _tidy(nfc), None)
    if sig.done:
        if sig.blocked_neg or sig.blocked_other or delay or partial or sig.trailing_chua:
            return ReplyReading(Meaning.UNCLEAR, None, _tidy(nfc), None)
        return ReplyReading(Meaning.DONE, None, _note(nfc), None)
    if partial and (delay or sig.trailing_chua):
        return ReplyReading(Meaning.UNCLEAR, None, _tidy(nfc), None)
    chatty = bool(w.CHAT.search(plain)) or all(t in w.CHAT_WORDS for t in plain.split())
    if delay or (hit and not chatty):
        return _delayed(nfc, hit, today)
    if sig.blocked_neg or sig.blocked_other or progress or partial or w.CHUA_ALONE.fullmatch(plain):
        return ReplyReading(Meaning.IN_PROGRESS, None, _note(nfc), None)
    if chatty:
        return ReplyReading(Meaning.CHAT, None, _tidy(nfc), None)
    return ReplyReading(Meaning.UNCLEAR, None, _tidy(nfc), None)


def _delayed(nfc: str, hit: tuple[date, str] | None, today: date) -> ReplyReading:
    from schedules._new_due import check_new_due  # local: keeps the import graph a tree

    if hit is None:
        return ReplyReading(Meaning.DELAYED, None, _note(nfc), None)
    day, rest = hit
    check = check_new_due(day, today)
    return ReplyReading(Meaning.DELAYED, day, _note(rest), None if check.ok else check.message)


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.;:!-–—")


_LEAD_SPLIT = re.compile(r"[,.;:!]+\s*")


def _note(nfc: str) -> str:
    """The reply without its leading status words: whole leading clauses made only of status
    words go ("Xong ạ. Đã trình…" -> "Đã trình…"), then status words at the start of the next
    one ("chậm, dự kiến vì chờ …" -> "chờ …"); a connector (vì, do) ends the stripping, and a
    soft word (đã, đang, bị, bên em) goes only before a status word ("đã ban hành" stays)."""
    text = _tidy(nfc)
    while text:
        m = _LEAD_SPLIT.search(text)
        head = text[:m.start()] if m else text
        tokens = [w.ABBREV.get(t, t) for t in w.TOKEN.findall(fold(head)[1])]
        if all(t in w.LEAD or " " in t and all(x in w.LEAD for x in t.split()) for t in tokens):
            text = text[m.end():] if m else ""
            continue
        break
    words = text.split()
    keys = [w.ABBREV.get(k, k) for k in (fold(x)[1].strip(" ,.;:!") for x in words)]
    while words:
        t, nxt = keys[0], keys[1] if len(keys) > 1 else ""
        if t in w.CONNECTORS:
            words.pop(0)
            break
        hard = t in w.LEAD and t not in w.SOFT_LEAD
        if not t or hard or (t in w.SOFT_LEAD and nxt in w.LEAD and nxt not in w.SOFT_LEAD):
            words.pop(0), keys.pop(0)
            continue
        break
    return _tidy(" ".join(words))
