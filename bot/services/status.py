"""What the operator's metrics read about the work in hand: the reminder deliveries."""

from __future__ import annotations

from bot.ports import DeliveryCountsPort


class Status:
    """The figures /metrics shows beside the server's own counters."""

    def __init__(self, deliveries: DeliveryCountsPort) -> None:
        self._deliveries = deliveries

    async def delivery_counts(self) -> dict[str, int]:
        """Return how many reminder deliveries are in each status."""
        return await self._deliveries.counts()
