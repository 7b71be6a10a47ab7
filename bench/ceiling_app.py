"""The ceiling for bench/webhook_load.py: a bare Flask endpoint answering empty TwiML."""

from flask import Flask, Response

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/webhooks/twilio/messages")
    def messages() -> Response:
        return Response(EMPTY_TWIML, mimetype="text/xml")

    return app
