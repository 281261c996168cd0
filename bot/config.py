"""Settings from the environment (and an optional `.env`), built by the entry point, never at import.

Tokens are `SecretStr`: their repr is `**********`, so they cannot leak through a log line,
an exception message or a traceback that prints locals.
"""
from __future__ import annotations

from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
VAR_DIR = ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'nhacviec.sqlite3'}")
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_bot_username: str | None = None  # for invite links on the web page (t.me/<name>?start=…)
    telegram_base_file_url: str | None = None  # None: derived from telegram_base_url (…/file/bot)
    zalo_bot_token: SecretStr | None = None
    zalo_base_url: str = "https://bot-api.zaloplatforms.com/bot"
    zalo_webhook_secret: SecretStr | None = None
    zalo_send_rate: float = 10.0
    zalo_webhook_url: str | None = None  # set: Zalo pushes to us (webhook) instead of long polling
    zalo_webhook_port: int = 8444  # on webhook_listen; Telegram's webhook has webhook_port
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    tz: str = Field(default="Asia/Ho_Chi_Minh", validation_alias="NHACVIEC_TZ")
    data_dir: Path = Field(default=DATA_DIR, validation_alias="NHACVIEC_DATA_DIR")
    work_morning: tuple[time, time] = (time(7, 30), time(11, 30))
    work_afternoon: tuple[time, time] = (time(13, 30), time(17, 0))
    tick_seconds: int = Field(default=60, validation_alias="NHACVIEC_TICK_SECONDS")
    web_listen: str = Field(default="127.0.0.1:8080", validation_alias="NHACVIEC_WEB_LISTEN")  # "": no web page
    # the address in sign-in links; empty: the listening address (right for `make run` on one machine)
    public_url: str = Field(default="", validation_alias="NHACVIEC_PUBLIC_URL")
    files_dir: Path = Field(default=VAR_DIR / "files", validation_alias="NHACVIEC_FILES_DIR")  # evidence

    @field_validator("telegram_bot_token", "zalo_bot_token", mode="before")
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def web_address(self) -> tuple[str, int] | None:
        """(host, port) the web page listens on; None when NHACVIEC_WEB_LISTEN is empty."""
        text = self.web_listen.strip()
        if not text:
            return None
        host, _, port = text.rpartition(":")
        return (host.strip("[]") or "127.0.0.1", int(port))

    @property
    def base_url(self) -> str:
        if self.public_url.strip():
            return self.public_url.strip().rstrip("/")
        host, port = self.web_address or ("127.0.0.1", 8080)
        return f"http://{host if host not in ('0.0.0.0', '::') else '127.0.0.1'}:{port}"

    @property
    def file_url(self) -> str:
        """Where files are downloaded from: TELEGRAM_BASE_FILE_URL, or the file root a Bot API
        server (api.telegram.org or self-hosted) serves next to its methods: …/bot → …/file/bot."""
        if self.telegram_base_file_url:
            return self.telegram_base_file_url
        base = self.telegram_base_url.rstrip("/")
        root, _, last = base.rpartition("/")
        return f"{root}/file/{last}" if last.startswith("bot") else f"{base}/file/bot"

    @property
    def plans_dir(self) -> Path:
        return self.data_dir / "plans"
