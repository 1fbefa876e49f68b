"""Parameters of one Bot API call, read from a query string, a form, multipart or JSON body."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .errors import bad_request


@dataclasses.dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart body."""

    filename: str | None
    content_type: str | None
    content: bytes


class Params:
    """Typed access to call parameters, which PTB sends as strings with JSON inside.

    PTB posts every value as a form string: numbers as "123", booleans as "true", and objects
    (reply_markup, allowed_updates, entities, link_preview_options, ...) as JSON text. A JSON
    body carries real types instead, so every accessor accepts both.
    """

    def __init__(self, values: Mapping[str, Any], uploads: Mapping[str, Upload]) -> None:
        self._values = dict(values)
        self._uploads = dict(uploads)

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise bad_request("JSON object expected")
                values.update(body)
            else:
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        with value.file:
                            content = value.file.read()
                        uploads[name] = Upload(value.filename, value.content_type, content)
                    elif isinstance(value, bytes):
                        values[name] = value.decode("utf-8", "replace")
                    else:
                        values[name] = value
        return cls(values, uploads)

    def as_mapping(self) -> Mapping[str, Any]:
        """Every non-file value, decoded where it is JSON, for inspection in tests."""
        return {name: self._decoded(name) for name in self._values}

    def _decoded(self, name: str) -> Any:
        value = self._values[name]
        if isinstance(value, str) and value[:1] in ("{", "["):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def has(self, name: str) -> bool:
        return name in self._values or name in self._uploads

    def string(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def require_str(self, name: str, *, missing: str | None = None) -> str:
        value = self.string(name)
        if value is None:
            raise bad_request(missing or f"parameter {name} is required")
        return value

    def integer(self, name: str) -> int | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def require_int(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(f"parameter {name} is required")
        return value

    def number(self, name: str) -> float | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self._values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def json_value(self, name: str) -> Any:
        """A JSON-typed parameter, given as JSON text (forms) or as a value (JSON bodies)."""
        value = self._values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def json_object(self, name: str) -> dict[str, Any] | None:
        value = self.json_value(name)
        if value is not None and not isinstance(value, dict):
            raise bad_request(f"{name} must be an object")
        return value

    def upload(self, name: str) -> Upload | None:
        """The file sent under name, directly or through an attach://other reference."""
        reference = self.string(name)
        if reference is not None and reference.startswith("attach://"):
            return self._uploads.get(reference.removeprefix("attach://"))
        return self._uploads.get(name)
