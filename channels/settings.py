"""Configuration of each messenger channel (sections under `channels:` in config.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from core.config_errors import SectionReader
from core.settings import secret_from_env

MODES = ("polling", "webhook")


WEBHOOK_KEYS = ("public_url", "listen", "port", "path", "secret_token_env")


@dataclass(frozen=True)
class WebhookSettings:
    """Where the messenger posts updates, and the local address the bot listens on."""

    public_url: str
    listen: str
    port: int
    path: str
    secret_token: str | None

    @classmethod
    def from_config(cls, reader: SectionReader) -> WebhookSettings:
        public_url = reader.str("public_url", required=True)
        if not public_url.startswith("https://"):
            raise reader.fail("public_url", "phải là địa chỉ https:// công khai")
        secret = secret_from_env(reader, "secret_token_env")
        if secret is not None and not 8 <= len(secret) <= 256:
            raise reader.fail("secret_token_env", "mã bí mật phải dài 8-256 ký tự")
        return cls(
            public_url=public_url.rstrip("/"),
            listen=reader.str("listen", "0.0.0.0"),
            port=reader.int("port", 8443, minimum=1, maximum=65535),
            path=reader.str("path", "webhook").strip("/"),
            secret_token=secret,
        )


@dataclass(frozen=True)
class ChannelSettings:
    """One messenger: its token (from the environment), API address and update mode."""

    enabled: bool
    token: str | None
    token_env: str
    base_url: str | None
    mode: str
    webhook: WebhookSettings | None
    public_file_url: str | None = None  # Zalo: where charts are published for sendPhoto
    max_messages_per_second: int = 30  # Telegram's flood limit; raise only for paid broadcasts

    @property
    def active(self) -> bool:
        return self.enabled and bool(self.token)

    @classmethod
    def from_config(cls, reader: SectionReader, default_env: str) -> ChannelSettings:
        reader.only(("enabled", "token_env", "mode", "max_messages_per_second", "webhook",
                     "base_url", "public_file_url"))
        reader.section("webhook").only(WEBHOOK_KEYS)
        enabled = reader.bool("enabled", True)
        reader.data.setdefault("token_env", default_env)
        token_env = reader.str("token_env")
        token = secret_from_env(reader, "token_env")
        mode = reader.choice("mode", "polling", MODES)
        webhook = WebhookSettings.from_config(reader.section("webhook")) if (
            mode == "webhook" and enabled and token
        ) else None
        base_url = reader.optional_str("base_url")
        if base_url is not None and not base_url.startswith(("http://", "https://")):
            raise reader.fail("base_url", "phải bắt đầu bằng http:// hoặc https://")
        public_file_url = reader.optional_str("public_file_url")
        if public_file_url is not None and not public_file_url.startswith(("http://", "https://")):
            raise reader.fail("public_file_url", "phải bắt đầu bằng http:// hoặc https://")
        return cls(
            enabled=enabled, token=token, token_env=token_env, base_url=base_url, mode=mode,
            webhook=webhook, public_file_url=public_file_url and public_file_url.rstrip("/"),
            max_messages_per_second=reader.int("max_messages_per_second", 30, minimum=1),
        )
