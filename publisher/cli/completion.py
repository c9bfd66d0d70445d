"""``publisher completion``: the shell completion script for bash, zsh or fish."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

PROGRAM = "publisher"
COMPLETE_VAR = "_PUBLISHER_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish).

    Commands, options, choices and file names complete with Tab once the script is loaded.

    \b
    Examples:
      eval "$(publisher completion bash)"     # in ~/.bashrc
      eval "$(publisher completion zsh)"      # in ~/.zshrc
      publisher completion fish > ~/.config/fish/completions/publisher.fish
    """
    root = ctx.find_root().command
    shell_class = get_completion_class(shell)
    if shell_class is None:  # pragma: no cover - click knows all three
        raise click.UsageError(f"no completion for {shell}")
    click.echo(shell_class(root, {}, PROGRAM, COMPLETE_VAR).source(), nl=False)
