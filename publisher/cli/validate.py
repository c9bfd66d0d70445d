"""``publisher validate``: check every record of a site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import cannot_run, emit, exit_status, report_options, site_argument


@click.command()
@site_argument
@click.option("--profile", "-p", "profiles", multiple=True, metavar="NAME|FILE",
              help="Validate with this profile instead of the site's [validate] profiles "
              "(schemaorg, google, publisher, or a profile file); repeatable.")
@report_options
def validate(site: Path, profiles: tuple[str, ...], fmt: str, output: Path | None, strict: bool) -> None:
    """Check every record of SITE (default: the current folder) and report all problems at once.

    Records are read, modelled and linked, then checked by the profiles in publisher.toml
    ([validate] profiles, default "publisher": the schema.org vocabulary, Google's guidance and
    the newsroom policy). Each problem points at the file, line and column of the key or value.

    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 could not run.

    \b
    Examples:
      publisher validate examples/ips-spinal-cord
      publisher validate --strict
      publisher validate . --format sarif --output validate.sarif
      publisher validate . --format junit --output validate.xml
      publisher validate . --profile schemaorg
    """
    from publisher.content.config import ConfigError, SiteConfig
    from publisher.content.reader import display_path
    from publisher.parallel import paused_gc
    from publisher.validate.profiles import ProfileError, RuleSet, load_ruleset, used_codes
    from publisher.validate.site import ValidationSetupError, config_ruleset, validate_folder

    def ruleset_for(config: SiteConfig) -> RuleSet:
        try:
            if profiles:
                return load_ruleset(profiles, Path.cwd(), config.severity)
            return config_ruleset(config)
        except ValidationSetupError as exc:
            cannot_run(exc.diagnostics)
        except ProfileError as exc:
            click.echo(f"publisher: error: --profile: {exc.message}", err=True)
            sys.exit(2)

    try:
        with paused_gc():
            report = validate_folder(site, ruleset_for)
    except ConfigError as exc:
        cannot_run(exc.diagnostics)
    checked = sorted({*report.paths, display_path(report.config.path)})
    emit(report.diagnostics, fmt, output, "validate", checked=checked, strict=strict,
         rules=used_codes(report.ruleset), codes=report.ruleset.codes)
    sys.exit(exit_status(report.diagnostics, strict))
