"""``python -m bot.cli``: the same entry point as the ``deskbot`` script."""

from bot.cli import main

main()
