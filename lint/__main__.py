"""``python -m copydesk``: the same as the ``copydesk`` command."""

from copydesk.frontends.cli import run

run()
