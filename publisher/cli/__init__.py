"""The ``publisher`` command line. Each command lives in a module of its own."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from publisher import __version__

# Each command's module is imported when the command runs (or its help is shown): ``publisher
# build`` need not load what ``import`` (trafilatura) or ``push`` (an HTTP client) bring in.
_COMMANDS = {
    "build": ("publisher.cli.build", "build"),
    "check": ("publisher.cli.check", "check"),
    "completion": ("publisher.cli.completion", "completion"),
    "export": ("publisher.cli.export", "export"),
    "import": ("publisher.cli.importer", "import_"),
    "init": ("publisher.cli.init", "init"),
    "new": ("publisher.cli.new", "new"),
    "push": ("publisher.cli.push", "push_command"),
    "query": ("publisher.cli.query", "query"),
    "serve": ("publisher.cli.serve", "serve"),
    "validate": ("publisher.cli.validate", "validate"),
}


class _LazyCommands(dict):  # type: ignore[type-arg]
    """The group's commands by name; a command's module is imported on first access."""

    def __init__(self, spec: dict[str, tuple[str, str]]) -> None:
        super().__init__(dict.fromkeys(spec))
        self._spec = spec

    def _load(self, name: str) -> click.Command | None:
        command = dict.get(self, name)
        if command is None and name in self._spec:
            module, attribute = self._spec[name]
            command = getattr(importlib.import_module(module), attribute)
            dict.__setitem__(self, name, command)
        return command

    def __getitem__(self, name: str) -> click.Command:
        command = self._load(name)
        if command is None:
            raise KeyError(name)
        return command

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self._load(name) if name in self else default

    def values(self) -> list[click.Command]:  # type: ignore[override]
        return [self[name] for name in self]

    def items(self) -> list[tuple[str, click.Command]]:  # type: ignore[override]
        return [(name, self[name]) for name in self]


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


cli.commands = _LazyCommands(_COMMANDS)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI and return its exit status (0, 1 or 2).

    Bad input is always a diagnostic. Should publisher itself fail (a bug), the user gets one
    line and exit status 2, not a traceback; ``PUBLISHER_DEBUG=1`` shows the traceback. (Tests
    call ``cli`` directly, so they still see such an exception.)
    """
    setting = os.environ.get("PUBLISHER_MIN_PARALLEL")
    if setting:
        from publisher.parallel import min_parallel_problem

        problem = min_parallel_problem(setting)
        if problem is not None:
            sys.stderr.write(f"Error: {problem}\n")
            return 2
    started = sys.getallocatedblocks()
    try:
        cli.main(args=argv, prog_name="publisher", standalone_mode=True)
    except SystemExit as exc:
        _leave_to_exit(exc, sys.getallocatedblocks() - started)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except Exception as exc:
        if os.environ.get("PUBLISHER_DEBUG"):
            raise
        from publisher.parallel import WorkerLost

        if isinstance(exc, WorkerLost):
            # Killed from outside (most often by the system, out of memory): not a bug, and
            # every command writes its output whole or not at all.
            sys.stderr.write(
                f"publisher: {exc}: {exc.cause}. Nothing was\n"
                "  written. Free some memory, or run with fewer processes (--jobs 1 where the\n"
                "  command has it), and try again.\n"
            )
            return 2
        message = str(exc).splitlines()[0][:300] if str(exc) else ""
        sys.stderr.write(
            f"publisher: internal error: {type(exc).__name__}{': ' + message if message else ''}\n"
            "  This is a bug in publisher, not a problem in your files. Please report it with the\n"
            "  command you ran (PUBLISHER_DEBUG=1 shows the traceback).\n"
        )
        return 2
    return 0


# Above this many more blocks of memory in use than when it started, a command has loaded a large
# site (about 700,000 more at 10,000 records; a few hundred records add little). Counted from the
# start of ``main``, not in all: a test process holds many blocks of its own.
_LARGE_HEAP = 400_000


def _leave_to_exit(ending: BaseException, grown: int) -> None:
    """Never free what the command that raised ``ending`` still holds: the process is about to exit.

    A command's objects (a loaded site) live on in its frames, which the exception's traceback
    holds. Freeing millions of small objects one by one, as the interpreter does when the last
    reference goes, takes longer than writing the report (about 0.2 s at 10k records); the
    operating system takes the memory back at once. Only when the command grew the heap by
    ``grown`` blocks, enough for a large site (``main`` of a small site may run inside a test):
    the exception is kept in a cycle of its own, which only the garbage collector could free, and
    the collector is told to leave every object alive now alone (``gc.freeze``).
    """
    if grown < _LARGE_HEAP:
        return
    keep: list[object] = [ending]
    keep.append(keep)
    gc.freeze()


def run() -> None:
    """The ``publisher`` command (and ``python -m publisher``): :func:`main`, then exit with its
    status without a last walk over every object still alive.

    At exit the interpreter's garbage collector walks every object still alive (the modules, the
    loaded site) before freeing them: about 0.1 s of a 0.8 s command on a site of 1,000 records,
    for memory the operating system takes back at once anyway. ``gc.freeze`` moves them all
    where no collection looks; everything else about leaving is as usual (files are closed and
    flushed, ``atexit`` handlers run). Not done in :func:`main`, which tests call in-process.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
