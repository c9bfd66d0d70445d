"""The command line as a whole: help with examples everywhere, version, shell completion."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from publisher import __version__
from publisher.cli import cli, main


def test_every_command_has_help_with_examples() -> None:
    runner = CliRunner()
    assert "Examples:" in runner.invoke(cli, ["--help"]).output
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Examples:" in result.output, f"publisher {name} --help has no Examples: block"
        assert f"publisher {name}" in result.output.split("Examples:")[1]


def test_short_help_flag_and_version() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "-h"]).exit_code == 0
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output and "publisher" in result.output


def test_completion_bash_script_mentions_the_program(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "_PUBLISHER_COMPLETE=bash_complete" in script
    assert "complete -o nosort -F _publisher_completion publisher" in script


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "#compdef publisher"), ("fish", "complete --no-files --command publisher")])
def test_completion_zsh_and_fish(shell: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    assert marker in capsys.readouterr().out


def test_completion_unknown_shell_exits_two() -> None:
    assert main(["completion", "tcsh"]) == 2


def test_the_completion_script_completes_commands_and_choices(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the script asks the program (the environment variables it sets), answered."""

    def complete(words: str, cword: int) -> str:
        monkeypatch.setenv("_PUBLISHER_COMPLETE", "bash_complete")
        monkeypatch.setenv("COMP_WORDS", words)
        monkeypatch.setenv("COMP_CWORD", str(cword))
        assert main([]) == 0
        return capsys.readouterr().out

    assert "plain,validate" in complete("publisher va", 1)
    assert "plain,study" in complete("publisher new st", 2)
    assert "plain,zsh" in complete("publisher completion z", 2)
