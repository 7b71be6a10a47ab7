"""The HTTP face of deskbot: Twilio webhooks, health, the read API and the simulator."""

from webhooks.app import create_app

__all__ = ["create_app"]
