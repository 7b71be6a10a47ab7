"""``GET /media/<id>?exp=…&sig=…``: a customer's photo or voice note, for staff.

The link is what technicians get instead of Twilio's URL (which needs the account's
credentials). It is signed (HMAC-SHA256, ``bot.messaging.media``) and short-lived
(``[media] link_valid``); ``REF media`` sends fresh links. 403 for a wrong signature, 410
for an expired link, 404 for an unknown file.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from bot.messaging import media
from bot.runtime import Runtime
from storage.db import utcnow
from storage.models import MediaFile

blueprint = Blueprint("media", __name__)


def _runtime() -> Runtime:
    return current_app.extensions["deskbot"]


@blueprint.get("/media/<int:media_id>")
def media_file(media_id: int) -> Response:
    """The file, inline, when the link's signature holds and it has not expired."""
    rt = _runtime()
    verdict = media.verify(
        rt.settings, media_id, request.args.get("exp", ""), request.args.get("sig", ""), utcnow()
    )
    if verdict == "invalid":
        abort(403, "this link is not valid")
    if verdict == "expired":
        abort(410, "this link has expired: send 'REF media' for a fresh one")
    with rt.sessions() as session:
        file = session.get(MediaFile, media_id)
        if file is None:
            abort(404, "no such file")
        response = Response(file.data, mimetype=file.content_type)
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
