"""/baocao on Zalo: the text summary and the chart. Zalo's sendPhoto takes a URL, so in webhook
mode the bot serves the chart next to its webhook and Zalo fetches it from there."""
from __future__ import annotations

import httpx
from pydantic import SecretStr

from bot.app import build_conversation
from bot.channels.zalo import start_zalo
from bot.service.onboarding import create_invite
from bot.store import session_scope
from tests.e2e.test_zalo_bot import fake, free_port, world, zalo_core  # noqa: F401  (fixtures)


async def test_report_on_zalo_sends_summary_and_chart_by_url(world, fake):  # noqa: F811
    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo/webhook"
    core = zalo_core(world, fake, zalo_webhook_url=url, zalo_webhook_port=port,
                     zalo_webhook_secret=SecretStr("s3cret"))
    runtime = await start_zalo(core, build_conversation(world).handle)
    try:
        with session_scope(world.engine) as s:
            code = create_invite(s, None, "lead", world.clock()).code
        assert await fake.deliver(f"DANGKY {code}", user_id="lead1") == 200
        await fake.wait_for(1)
        assert await fake.deliver("BAOCAO", user_id="lead1") == 200
        sent = await fake.wait_for(lambda s: any(m.method == "sendPhoto" for m in s))
        texts = [m.text for m in sent if m.method == "sendMessage"]
        assert any("Hoàn thành đúng hạn" in t for t in texts)
        assert any("không gửi được tệp" in t for t in texts)  # the workbook and report: a note
        photo = next(m for m in sent if m.method == "sendPhoto")
        assert photo.photo.startswith(f"http://127.0.0.1:{port}/zalo/webhook/files/")
        async with httpx.AsyncClient() as client:
            got = await client.get(photo.photo)
            missing = await client.get(photo.photo + "x")
        assert got.status_code == 200 and got.content.startswith(b"\x89PNG")
        assert missing.status_code == 404
    finally:
        await runtime.stop()
