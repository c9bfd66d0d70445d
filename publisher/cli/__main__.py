"""``python -m publisher.cli``."""

from publisher.cli import run

run()
