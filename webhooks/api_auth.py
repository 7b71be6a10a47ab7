"""Who is calling ``/api``: ``Authorization: Bearer <token>`` with ``DESKBOT_API_TOKEN``
(full access) or a token of ``[[api_tokens]]`` (its SHA-256 is configured, with a scope).
No token or an unknown one: 401; a read token that writes: 403; both as JSON."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from flask import Response, current_app, g, jsonify, request

from bot.core.integrations import token_digest
from bot.runtime import Runtime

ENV_TOKEN_NAME = "api"  # how writes with DESKBOT_API_TOKEN are recorded


@dataclass(frozen=True)
class Caller:
    name: str
    scope: str  # read | write

    @property
    def may_write(self) -> bool:
        return self.scope == "write"


def identify(rt: Runtime, authorization: str) -> Caller | None:
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    if rt.settings.api_token and hmac.compare_digest(
        token.encode(), rt.settings.api_token.encode()
    ):
        return Caller(ENV_TOKEN_NAME, "write")
    digest = token_digest(token)
    for configured in rt.config.api_tokens:
        if hmac.compare_digest(digest, configured.sha256):
            return Caller(configured.name, configured.scope)
    return None


def _error(code: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="deskbot"'
    return response


def require(write: bool) -> Response | None:
    """A ``before_request`` check: None lets the request through (``g.api_caller`` set)."""
    rt: Runtime = current_app.extensions["deskbot"]
    caller = identify(rt, request.headers.get("Authorization", ""))
    if caller is None:
        return _error(
            401,
            "missing or unknown bearer token: send 'Authorization: Bearer <token>' with "
            "DESKBOT_API_TOKEN or a token of [[api_tokens]]",
        )
    if write and not caller.may_write:
        return _error(403, f"token {caller.name!r} has scope 'read'; this request writes")
    g.api_caller = caller
    g.api_scopes = frozenset({"read", "write"}) if caller.may_write else frozenset({"read"})
    return None


def caller() -> Caller:
    return g.api_caller
