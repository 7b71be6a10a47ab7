"""``GET /simulator``: the local chat simulator (console transport only)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("simulator", __name__)


@blueprint.get("/simulator")
def page() -> str:
    return "<!doctype html><title>deskbot simulator</title><p>deskbot simulator</p>"
