"""Chaos: `nhacviec run` and `nhacviec remind` as subprocesses against the fake Bot API (also a
subprocess), many users replying while reminder passes run, faults injected at random (429 with
a long retry_after, 5xx, timeouts, dropped connections, kill -9 and restart of the bot and of
`nhacviec remind`). Then the invariants, from the database and the fake server's log:

  every reply recorded exactly once · no slot delivered twice · no slot lost ·
  assignment = latest status event

    .venv/bin/python bench/chaos.py --minutes 10 --kills 20

Reminder passes use `--now` on working days of the real plan (the wall clock may be a Sunday);
a digest's text names its day, so the same (chat, text) twice is the same slot delivered twice.
A copy whose first delivery fell inside a `remind` process killed with -9 is counted apart: the
platform accepted it and the process died before "marked sent" (at least once, documented),
not a violation. Everything on 127.0.0.1; every loop is bounded by the deadline.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOKEN = "123456:CHAOS-TOKEN"
PY = sys.executable
NOWS = [f"2025-06-{d:02d}T{h:02d}:{m:02d}" for d in (16, 17, 18, 19, 20, 23, 24, 25) for h, m in ((9, 0), (14, 0))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Fake:
    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"

    def call(self, action: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/_fake/{action}", data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())


def setup(db_url: str, users: int) -> list[tuple[int, str]]:
    """The real plans, a secretariat, a lead and `users` focal points: (user id, one of its task codes)."""
    os.environ["DATABASE_URL"] = db_url
    from sqlmodel import select

    from bot.app import build_core, ensure_seeded
    from bot.store import session_scope
    from bot.store.models import Assignment, Contact, Task

    core = build_core()
    ensure_seeded(core)
    out = []
    with session_scope(core.engine) as s:
        rows = s.exec(select(Assignment.agency_id, Task.code).join(Task).where(
            Assignment.role == "lead", Task.kind == "date")).all()
        by_agency: dict[int, list[str]] = {}
        for agency, code in rows:
            by_agency.setdefault(agency, []).append(code)
        agencies = sorted(by_agency)
        now = datetime.now(UTC)
        for n in range(users):
            agency = agencies[n % len(agencies)]
            uid = 5000 + n
            s.add(Contact(platform="telegram", user_id=str(uid), chat_id=str(uid), agency_id=agency, role="focal",
                          display_name=f"U{uid}", created_at=now))
            out.append((uid, random.choice(by_agency[agency])))
        for uid, role in ((4001, "secretariat"), (4002, "lead")):
            s.add(Contact(platform="telegram", user_id=str(uid), chat_id=str(uid), role=role, created_at=now))
    core.engine.dispose()
    return out


def spawn(args: list[str], env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([PY, "-c", "from bot.cli import main; main()", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def fault(fake: Fake, rng: random.Random) -> str:
    kind = rng.choice(["429", "5xx", "timeout", "drop"])
    if kind == "429":
        fake.call("fail_next", {"method": "sendMessage", "status": 429, "retry_after": rng.choice([3, 400])})
    elif kind == "5xx":
        fake.call("fail_next", {"method": "sendMessage", "status": rng.choice([500, 502])})
    elif kind == "timeout":
        # held before processing: the client gives up and nothing was delivered. (A timeout after
        # delivery is ambiguous by nature: the pass resends rather than risk a loss, see dispatch.py.)
        fake.call("delay_next", {"method": "sendMessage", "seconds": 12, "deliver": False})
    else:
        fake.call("drop_connection_next", {"method": "sendMessage"})
    return kind


def check(db_url: str, replies: list[str], sent: list[dict], killed_windows: list[tuple[float, float]]) -> dict:
    from sqlalchemy import create_engine, text

    from bot.store.db import normalise_url

    eng = create_engine(normalise_url(db_url))
    with eng.connect() as c:
        notes = Counter(r[0] for r in c.execute(text("SELECT note FROM statusevent WHERE note LIKE 'chaos %'")))
        unsent = c.execute(text("SELECT count(*) FROM reminder WHERE sent_at IS NULL AND claimed_by != '!dead'")).scalar()
        drift = c.execute(text(
            "SELECT count(*) FROM assignment a JOIN statusevent e ON e.id = (SELECT max(id) FROM statusevent "
            "WHERE assignment_id = a.id) WHERE a.status != e.status OR a.note != e.note "
            "OR coalesce(a.new_due, '1900-01-01') != coalesce(e.new_due, '1900-01-01')")).scalar()
        slots = c.execute(text("SELECT count(*) FROM reminder WHERE sent_at IS NOT NULL")).scalar()
    eng.dispose()
    digests = [s for s in sent if (s.get("plain_text") or "").startswith(("Nhắc việc", "Cập nhật"))]
    seen: dict[tuple, float] = {}
    dup, inherent = 0, 0
    for s in sorted(digests, key=lambda r: r["received_at"]):
        k = (s["chat_id"], s["plain_text"])
        if k in seen:
            first = seen[k]
            if any(a <= first <= b for a, b in killed_windows):
                inherent += 1
            else:
                dup += 1
        else:
            seen[k] = s["received_at"]
    return dict(replies=len(replies), recorded_once=sum(notes[r] == 1 for r in replies),
                lost_replies=sum(notes[r] == 0 for r in replies), twice_recorded=sum(notes[r] > 1 for r in replies),
                reminders=len(digests), slots_sent=slots, duplicate_deliveries=dup, repeats_after_kill9=inherent,
                lost_slots=unsent, drift=drift)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--users", type=int, default=60)
    ap.add_argument("--seed", type=int, default=12)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix="nhacviec-chaos-"))
    db_url = os.environ.get("CHAOS_DATABASE_URL") or f"sqlite:///{work / 'chaos.sqlite3'}"
    users = setup(db_url, a.users)
    port = free_port()
    log = (work / "chaos.log").open("ab")
    fake_p = subprocess.Popen([PY, "-m", "tests.fakes.telegram_server", "--port", str(port), "--token", TOKEN],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    fake = Fake(port)
    env = dict(os.environ, DATABASE_URL=db_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake.url + "/bot",
               NHACVIEC_TICK_SECONDS="30")
    env.pop("ZALO_BOT_TOKEN", None)
    for _ in range(100):
        try:
            fake.call("pending")
            break
        except OSError:
            time.sleep(0.1)
    bot = spawn(["run"], env, log)
    deadline = time.monotonic() + a.minutes * 60
    kill_every = a.minutes * 60 / max(1, a.kills)
    # kills at the middle of each of `kills` equal slices, so all of them fit in the run
    next_kill, kills, restarts, faults, n = time.monotonic() + kill_every / 2, 0, 0, 0, 0
    replies: list[str] = []
    remind: subprocess.Popen | None = None
    remind_started, windows, now_i = 0.0, [], 0
    while time.monotonic() < deadline:
        uid, code = rng.choice(users)
        text = f"chaos {n} {uid}"
        n += 1
        fake.call("push_text", {"user_id": uid, "text": f"/ghichu {code} {text}"})
        replies.append(text)
        if rng.random() < 0.05:
            fault(fake, rng)
            faults += 1
        if remind is None or remind.poll() is not None:
            remind = spawn(["remind", "--now", NOWS[now_i % len(NOWS)]], env, log)
            remind_started, now_i = time.monotonic(), now_i + 1
        if time.monotonic() >= next_kill and kills < a.kills:
            next_kill += kill_every
            kills += 1
            if kills % 2 and remind.poll() is None:
                remind.send_signal(signal.SIGKILL)
                remind.wait()
                windows.append((remind_started, time.monotonic()))
            else:
                bot.send_signal(signal.SIGKILL)
                bot.wait()
                bot = spawn(["run"], env, log)
            restarts += 1
        time.sleep(rng.uniform(0.05, 0.4))
    # quiet: no faults, no kills; let the bot drain and every pass's time be served once more
    fake.call("clear_faults", {})
    if remind is not None:
        remind.wait(timeout=300)
    for now in NOWS[:now_i]:
        subprocess.run([PY, "-c", "from bot.cli import main; main()", "remind", "--now", now], cwd=ROOT, env=env,
                       stdout=log, stderr=subprocess.STDOUT, timeout=300)
    end = time.monotonic() + 120
    while time.monotonic() < end and fake.call("pending")["pending"]:
        time.sleep(0.5)
    time.sleep(5)
    sent = fake.call("sent")
    result = check(db_url, replies, sent, windows)
    for proc in (bot, fake_p):  # the bot first (it long-polls the fake)
        proc.send_signal(signal.SIGTERM if proc is bot else signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    violations = (result["lost_replies"] + result["twice_recorded"] + result["duplicate_deliveries"]
                  + result["lost_slots"] + result["drift"])
    print(f"chaos: {a.minutes:g} min, replies {result['replies']} (recorded once {result['recorded_once']}, "
          f"lost {result['lost_replies']}, twice {result['twice_recorded']}), reminders delivered "
          f"{result['reminders']} ({result['slots_sent']} slots), faults injected {faults}, kills {kills}, "
          f"restarts {restarts}, duplicate deliveries {result['duplicate_deliveries']} (+{result['repeats_after_kill9']} "
          f"repeats inside a kill -9 window), lost slots {result['lost_slots']}, assignment≠latest event "
          f"{result['drift']}; violations {violations}  [log: {work / 'chaos.log'}]")


if __name__ == "__main__":
    main()
