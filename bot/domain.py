"""The vocabulary every layer shares: statuses, roles, platforms and the actions a person takes.

They are `StrEnum`s whose values are what the database stores and what button data carries,
so a value read back from a row compares equal to the member, and the one spelling of each
is here (the store's `in_progress`, the command `/danglam`, the button `st:progress:…` and
the prompt that waits for a reason all name the same members)."""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DELAYED = "delayed"
    DONE = "done"
    SUBMITTED = "submitted"  # reported done in a plan under review; waits for the secretariat


class Role(StrEnum):
    FOCAL = "focal"
    LEAD = "lead"
    SECRETARIAT = "secretariat"

    @property
    def is_manager(self) -> bool:
        return self in (Role.LEAD, Role.SECRETARIAT)


class Platform(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"
    CONSOLE = "console"
    WEB = "web"  # a web-only contact (`nhacviec web-link`) and the channel the web page records


class Action(StrEnum):
    """What a command, a bare word, a Zalo text command or a button asks for. The values are
    verbs and are what button data carries (`st:delay:TB25-11`)."""

    START = "start"
    HELP = "help"
    DONE = "done"
    DELAY = "delay"
    PROGRESS = "progress"
    NOTE = "note"
    UNDO = "undo"
    CANCEL = "cancel"
    TASKS = "tasks"
    OVERDUE = "overdue"
    SUMMARY = "summary"
    AGENCY = "agency"
    TASK = "task"
    REPORT = "report"
    SKIP = "skip"
    NEXT = "next"  # the next page of a long list
    REMIND_NOW = "remind_now"  # console only: one reminder pass at once
    WEB = "web"  # a one-time sign-in link to the web page
    SNOOZE = "snooze"  # "remind me later" (button data `snz:<code>`)
    LEAVE = "leave"  # a leave period: no reminders
    PEOPLE = "people"  # an agency's focal points
    PENDING_REVIEW = "pending_review"  # /choxacnhan: submissions waiting for the secretariat
    CONFIRM = "confirm"  # the secretariat confirms a completion
    RETURN = "return"  # ... or returns it, with a reason
    EXTEND = "extend"  # the lead agrees to or refuses an extension

    @property
    def status(self) -> Status | None:
        """The status a status action records (NOTE keeps the current one)."""
        return _STATUS_OF.get(self)


_STATUS_OF = {Action.DONE: Status.DONE, Action.DELAY: Status.DELAYED, Action.PROGRESS: Status.IN_PROGRESS}
STATUS_ACTIONS = (Action.DONE, Action.DELAY, Action.PROGRESS, Action.NOTE)


class Expect(StrEnum):
    """What the bot waits for from a contact (stored in `Prompt.action`): a note, a reason, a
    date, which status for one task (PICK), or which task for a known status (PICK_FOR_*)."""

    NOTE_AFTER_DONE = "done_note"
    REASON_AFTER_DELAY = "delay_reason"
    NOTE = "note"
    DATE = "delay"
    PICK = "pick"
    PICK_FOR_DONE = "pick_done"
    PICK_FOR_DELAY = "pick_delay"
    PICK_FOR_PROGRESS = "pick_progress"
    PICK_FOR_NOTE = "pick_note"
    RETURN_REASON = "return_reason"  # a secretary pressed ↩️ Trả lại: the reason (codes: "e<event id>")

    @property
    def is_choice(self) -> bool:
        return self.value.startswith("pick")

    @property
    def action(self) -> Action | None:
        """For PICK_FOR_*: the status action the chosen task gets."""
        return Action(self.value[5:]) if self.value.startswith("pick_") else None

    @classmethod
    def pick_for(cls, action: Action | None) -> Expect:
        return cls(f"pick_{action}") if action else cls.PICK


class Decision(StrEnum):
    """What the secretariat decides on a submission and the lead on an extension request."""

    CONFIRMED = "confirmed"
    RETURNED = "returned"
    AGREED = "agreed"
    REFUSED = "refused"

    @property
    def is_extension(self) -> bool:
        return self in (Decision.AGREED, Decision.REFUSED)


class AssignmentRole(StrEnum):
    """An agency's share of a task: it leads it (and is reminded), coordinates, or was taken
    off the task by a re-import (kept, with its history, for the record)."""

    LEAD = "lead"
    COORDINATING = "coordinating"
    REMOVED = "removed"


class ReorgKind(StrEnum):
    """A reorganisation operation (`nhacviec agencies merge|rename|dissolve`)."""

    MERGE = "merge"
    RENAME = "rename"
    DISSOLVE = "dissolve"


class LegacyOutcome(StrEnum):
    """What revision 0008_legacy_groups made of a group chat registered the old way, before
    group invites: a person's contact whose chat was the group (the group got that person's
    messages, and nobody else in it was checked). The person keeps their identity and role and
    is reached in their own private chat from then on; the group becomes its agency's
    destination only where that is unambiguous (CONVERTED), else it gets nothing until the
    secretariat registers it with `nhacviec invite AGENCY --group`."""

    CONVERTED = "converted"  # the group is its agency's destination (`group:<chat id>`)
    MANAGER = "manager"  # a lead's or secretary's messages went to the group: no group may receive them
    SHARED = "shared"  # people of several agencies or roles registered in one group: whose is it?
    NO_AGENCY = "no_agency"  # a focal point without an agency: no agency to give the group to
    TAKEN = "taken"  # the group is already registered the new way for another agency, or revoked
    REVOKED = "revoked"  # the person had been revoked: nothing to carry over
