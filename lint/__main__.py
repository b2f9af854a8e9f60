"""``python -m copydesk``: the same as the ``copydesk`` command."""

from .cli import run

run()
