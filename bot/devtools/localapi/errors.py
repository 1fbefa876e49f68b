"""Error answers of the local Bot API, worded and numbered as Telegram words and numbers them."""

from __future__ import annotations

from .models import JsonObject

# These answers are protocol data for the bot under test, not errors of negbot itself, so they
# stay outside the bot.errors tree.


class ApiError(Exception):
    """An answer with ok=false: HTTP status, Telegram's description, optional parameters."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def to_api(self) -> JsonObject:
        body: JsonObject = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        parameters: JsonObject = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(problem: str) -> ApiError:
    """Telegram's 400, e.g. bad_request("chat not found")."""
    return ApiError(400, f"Bad Request: {problem}")


def unauthorized() -> ApiError:
    """A well-formed token that is not this bot's."""
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """An unknown method or a malformed token; PTB reads both as InvalidToken."""
    return ApiError(404, "Not Found")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def bot_blocked() -> ApiError:
    return ApiError(403, "Forbidden: bot was blocked by the user")


def chat_migrated(new_chat_id: int) -> ApiError:
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new_chat_id,
    )


def server_error(status: int = 502) -> ApiError:
    phrases = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    return ApiError(status, phrases.get(status, "Internal Server Error"))


def webhook_active() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
    )


def polling_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
    )
