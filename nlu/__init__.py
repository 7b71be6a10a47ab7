"""Natural-language understanding for deskbot: intents, entities, language and priority.

The embedded parser answers in the same JSON shape as Rasa's ``POST /model/parse`` so
the bot can swap in a real Rasa server (``RasaHttpParser``) without changing callers.
"""

from nlu.parser import Parser, RasaHttpParser, detect_language, load_parser
from nlu.priority import classify_priority, impact_level

__all__ = [
    "Parser",
    "RasaHttpParser",
    "classify_priority",
    "detect_language",
    "impact_level",
    "load_parser",
]
