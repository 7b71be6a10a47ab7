"""deskbot: the WhatsApp/SMS front door of an IT support desk."""
