"""Take each Telegram update once across instances, before any handler sees it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.store import Store
from bot.tg.handlers.base import Context


def install_once(application: Application, store: Store, instance: str) -> None:  # type: ignore[type-arg]
    """Skip updates another instance (or an earlier poller) has taken already.

    A poller that dies leaves its last updates unconfirmed, and Telegram hands them to the
    next poller; webhooks are retried on errors. The first taker records the update id, so
    the others let it pass.
    """

    async def once(update: Update, context: Context) -> None:
        if not await store.updates.take(update.update_id, instance):
            raise ApplicationHandlerStop

    application.add_handler(TypeHandler(Update, once), group=-1)
