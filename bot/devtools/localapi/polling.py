"""getUpdates as Telegram answers it: offsets, limits, long polling and the 409 conflicts."""

from __future__ import annotations

from .errors import bad_request, polling_conflict, webhook_active
from .models import JsonObject
from .params import Params
from .state import World
from .webhook import WebhookPusher


class Poller:
    """Answers getUpdates; a newer long poll ends the older one with 409, as Telegram does."""

    def __init__(self, world: World, webhook: WebhookPusher, max_timeout: float = 50.0) -> None:
        self._world = world
        self._webhook = webhook
        self._max_timeout = max_timeout
        self._generation = 0
        self._closing = False

    async def get_updates(self, params: Params) -> list[JsonObject]:
        if self._webhook.config is not None:
            raise webhook_active()
        limit = params.integer("limit") or 100
        if not 1 <= limit <= 100:
            limit = 100  # Telegram clamps rather than refuses
        timeout = min(max(params.number("timeout") or 0.0, 0.0), self._max_timeout)
        allowed = params.json_value("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list):
                raise bad_request("can't parse allowed_updates JSON array")
            self._world.allowed_updates = frozenset(str(kind) for kind in allowed)
        offset = params.integer("offset")
        if offset:
            self._world.confirm(offset)

        self._generation += 1
        mine = self._generation
        # Wake an older long poll so it sees it has been superseded.
        self._world.updates_changed.notify()
        await self._world.updates_changed.wait_until(
            lambda: bool(self._world.pending(1)) or self._generation != mine or self._closing,
            timeout,
        )
        if self._generation != mine:
            raise polling_conflict()
        return [update.to_api() for update in self._world.pending(limit)]

    def close(self) -> None:
        """Answer every pending long poll now, so the server can stop without waiting."""
        self._closing = True
        self._world.updates_changed.notify()
