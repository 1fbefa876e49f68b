"""The one settings object, read from NEGBOT_* environment variables and an optional .env."""

from __future__ import annotations

import datetime as dtm
import ipaddress
import re
import zoneinfo
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.tracks import DEFAULT_TRACKS_FILE

DEFAULT_DATABASE_FILE = "negbot.db"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# A scheme, a host (a name, an IPv4 address or a bracketed IPv6 one), a port, a path.
_HTTP_URL = re.compile(r"https?://(\[[0-9a-fA-F:.]+\]|[^\s/:\[\]]+)(:\d{1,5})?(/\S*)?")


class Settings(BaseSettings):
    """Everything negbot can be told at start-up; built once and passed down."""

    model_config = SettingsConfigDict(
        env_prefix="NEGBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATABASE_FILE}",
        description="SQLAlchemy URL: sqlite:///file.db (default, in the working directory), "
        "postgresql+psycopg://user@host/db or postgresql+asyncpg://user@host/db",
    )
    telegram_token: SecretStr | None = Field(default=None, description="the bot token")
    telegram_base_url: str | None = Field(
        default=None, description="another Bot API server, e.g. http://127.0.0.1:8081/bot"
    )
    telegram_webhook_secret: SecretStr | None = None
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    public_url: str | None = Field(
        default=None, description="the public https address of the feeds and the page"
    )
    # The proxies in front of the web server (addresses or CIDR blocks, comma-separated):
    # only from them is X-Forwarded-For believed, for the per-client rate limit.
    trusted_proxies: Annotated[tuple[Network, ...], NoDecode] = ()
    # A client must send a request's headers within this many seconds of connecting (or of
    # the previous answer), else it is disconnected: slow-header clients hold no socket long.
    http_header_timeout: float = Field(default=15.0, gt=0.0, le=3600.0)
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_timezone: str = "UTC"
    tracks_file: Path = DEFAULT_TRACKS_FILE
    reminder_grace: dtm.timedelta = dtm.timedelta(hours=6)
    sweep_seconds: float = Field(default=30.0, ge=1.0, le=600.0)
    # How long a reminder claim holds unless its instance renews it (it does, three times a
    # lease, while it works): a dead instance's claims move to another within this.
    lease_seconds: float = Field(default=10.0, ge=3.0, le=600.0)
    per_chat_interval: float = Field(default=1.0, ge=0.0)
    # Telegram allows about 30 messages a second per bot; a self-hosted Bot API server or a
    # test peer may allow more.
    telegram_max_rate: float = Field(default=30.0, gt=0.0, le=10_000.0)
    bot_username: str | None = None
    # Fetching outlets' feeds and pages (negbot sources): the longest wait for an answer, and
    # the least time between two requests to the same host.
    source_timeout: float = Field(default=30.0, gt=0.0, le=600.0)
    source_spacing: float = Field(default=1.0, ge=0.0, le=600.0)
    # How often `negbot run` looks for sources whose poll is due (each has its own interval).
    sources_check_seconds: float = Field(default=60.0, ge=1.0, le=3600.0)
    log_level: str = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError(
                    "NEGBOT_ADMIN_IDS must be Telegram user ids separated by commas"
                ) from None
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_networks(value)
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        # Checked here so that a typo is one line at start, not PTB's traceback.
        if value is not None and not _HTTP_URL.fullmatch(value):
            raise ValueError(f"not an http(s) URL: {value!r} (e.g. http://127.0.0.1:8081/bot)")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r}; use an IANA name") from None
        return value

    @property
    def base_url(self) -> str:
        """Return the address every link handed out starts with (no trailing slash)."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.http_host in {"0.0.0.0", "::", ""} else self.http_host
        return f"http://{host}:{self.http_port}"


def parse_networks(text: str) -> tuple[Network, ...]:
    """Return the networks in a comma-separated list of IP addresses and CIDR blocks.

    Raises ValueError naming the first item that is neither.
    """
    networks: list[Network] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"{item!r} is not an IP address or network (e.g. 127.0.0.1,10.0.0.0/8,::1)"
            ) from None
    return tuple(networks)
