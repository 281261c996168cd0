"""Zalo adapter: ZaloInbound → Inbound → conversation → Reply → Zalo Bot API.

Translation only, like the Telegram adapter: the conversation (shared with Telegram) already
speaks Zalo's text commands and adds text hints instead of buttons. This module starts the
adapter from the settings; its parts are beside it: `zalo_api` (the HTTP transport),
`zalo_updates` (what Zalo sends, parsed), `zalo_runtime` (receiving: long polling or webhook,
the inbox, handling in order) and `zalo_outbox` (sending: the Channel, its pace, chart URLs).
"""
from __future__ import annotations

import logging

from bot.channels.zalo_api import ZaloBotAPI, ZaloError, ZaloUnauthorized, quiet_http_client_logs
from bot.channels.zalo_outbox import SendLimiter, ZaloChannel, render  # noqa: F401 (imported from here)
from bot.channels.zalo_runtime import Handle, ZaloRuntime, inbound_from  # noqa: F401 (imported from here)
from bot.service.ports import Inbox

log = logging.getLogger(__name__)


async def start_zalo(core, handle: Handle, *, client=None, poll_timeout: float = 30.0,
                     backoff: tuple[float, float] = (1.0, 60.0), inbox: Inbox | None = None) -> ZaloRuntime:
    """Start the Zalo bot from settings: webhook when ZALO_WEBHOOK_URL is set, else long polling.

    A wrong token raises ValueError (a configuration error: `serve` logs it and leaves only
    Zalo off); a network failure on getMe does not, the poll loop keeps retrying with backoff.
    """
    quiet_http_client_logs()
    s = core.settings
    if s.zalo_bot_token is None:
        raise ValueError("ZALO_BOT_TOKEN is not set")
    api = ZaloBotAPI(s.zalo_bot_token.get_secret_value(), s.zalo_base_url, client=client)
    runtime = ZaloRuntime(api, ZaloChannel(api, s.zalo_send_rate), handle,
                          poll_timeout=poll_timeout, backoff=backoff, inbox=inbox)
    try:
        me = await api.get_me()
        log.info("Zalo: bot %s", (me or {}).get("account_name", "?"))
    except ZaloUnauthorized:
        await api.aclose()
        raise ValueError("Zalo rejected ZALO_BOT_TOKEN (401): check the token") from None
    except ZaloError as exc:
        log.warning("Zalo getMe failed (%s); starting anyway", exc)
    await runtime.replay()
    if s.zalo_webhook_url:
        secret = s.zalo_webhook_secret.get_secret_value() if s.zalo_webhook_secret else None
        await runtime.start_webhook(s.zalo_webhook_url, s.webhook_listen, s.zalo_webhook_port, secret)
    else:
        await runtime.start_polling()
    log.info("Zalo: %s", "webhook" if runtime.mode == "webhook" else "long polling")
    return runtime
