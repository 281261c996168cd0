"""The tables. The database is the one source of truth for tasks, statuses and what was sent.

One module per concern; every table is importable from here, as Alembic's env.py and the store's
modules do (importing this package registers them all on `SQLModel.metadata`)."""
from bot.store.models.availability import Leave, Snooze
from bot.store.models.base import EnumText
from bot.store.models.messages import Inbox, Reminder
from bot.store.models.people import Contact, Invite, LegacyGroup, PageCursor, Prompt
from bot.store.models.plans import Agency, AgencyAlias, Assignment, GroupMember, Plan, StatusEvent, Task
from bot.store.models.reorg import AssignmentMove, Reorganisation, ReorgSource
from bot.store.models.review import Evidence, ReviewDecision, ReviewMessage
from bot.store.models.web import ApiToken, DataVersion, WebLogin, WebSession

__all__ = [
    "Agency", "AgencyAlias", "ApiToken", "Assignment", "AssignmentMove", "Contact", "DataVersion", "EnumText", "Evidence",
    "GroupMember", "Inbox", "Invite", "Leave", "LegacyGroup", "PageCursor", "Plan", "Prompt", "Reminder", "ReorgSource",
    "Reorganisation", "ReviewDecision", "ReviewMessage", "Snooze", "StatusEvent", "Task", "WebLogin", "WebSession",
]
