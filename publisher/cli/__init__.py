"""The ``publisher`` command line. Each command lives in a module of its own."""

from __future__ import annotations

import os
import sys

import click

from publisher import __version__
from publisher.cli.build import build
from publisher.cli.check import check
from publisher.cli.completion import completion
from publisher.cli.export import export
from publisher.cli.importer import import_
from publisher.cli.init import init
from publisher.cli.new import new
from publisher.cli.push import push_command
from publisher.cli.query import query
from publisher.cli.serve import serve
from publisher.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="publisher")
def cli() -> None:
    """Turn a newsroom's records into correct, connected schema.org structured data.

    \b
    Examples:
      publisher init my-site
      publisher new article first-story --site my-site
      publisher import saved-page.html --site my-site
      publisher validate examples/ips-spinal-cord
      publisher build examples/ips-spinal-cord --out /tmp/site
      publisher check /tmp/site
      publisher serve examples/ips-spinal-cord
      publisher export examples/ips-spinal-cord --format turtle
      publisher push examples/ips-spinal-cord --endpoint http://localhost:7878/store
      publisher query examples/ips-spinal-cord 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """


cli.add_command(build)
cli.add_command(check)
cli.add_command(completion)
cli.add_command(export)
cli.add_command(import_)
cli.add_command(init)
cli.add_command(new)
cli.add_command(push_command, name="push")
cli.add_command(query)
cli.add_command(serve)
cli.add_command(validate)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI and return its exit status (0, 1 or 2).

    Bad input is always a diagnostic. Should publisher itself fail (a bug), the user gets one
    line and exit status 2, not a traceback; ``PUBLISHER_DEBUG=1`` shows the traceback. (Tests
    call ``cli`` directly, so they still see such an exception.)
    """
    try:
        cli.main(args=argv, prog_name="publisher", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except Exception as exc:
        if os.environ.get("PUBLISHER_DEBUG"):
            raise
        message = str(exc).splitlines()[0][:300] if str(exc) else ""
        sys.stderr.write(
            f"publisher: internal error: {type(exc).__name__}{': ' + message if message else ''}\n"
            "  This is a bug in publisher, not a problem in your files. Please report it with the\n"
            "  command you ran (PUBLISHER_DEBUG=1 shows the traceback).\n"
        )
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
