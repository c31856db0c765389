"""`reflectie sleutel maak`, `sleutel gebruik`, `client` and the demo's client files, as a user
types them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from reflectie import paths
from reflectie.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_facilitator_makes_keys_and_team_installs_the_public_one(private_home, tmp_path):
    result = runner.invoke(
        app, ["sleutel", "maak", "--label", "Intervisie CAW Oost", "--uit", str(tmp_path)], env=WIDE
    )
    assert result.exit_code == 0, result.output
    private = list(paths.keys_dir().glob("*.sleutel"))
    public = list(tmp_path.glob("*.pub"))
    assert len(private) == 1 and len(public) == 1
    assert stat.S_IMODE(private[0].stat().st_mode) == 0o600
    fingerprint = public[0].name.removeprefix("reflectie-sleutel-").removesuffix(".pub")
    assert f"Vingerafdruk: {fingerprint}" in result.output
    assert (
        'soort = "publiek"' in result.output and "privé" not in result.output.split("format =")[1]
    )
    # the printed key is a complete key file: comment lines stay comment lines
    printed = result.output[result.output.index("# Publieke sleutel") :]
    assert all(
        line.startswith("#") or "=" in line or not line.strip() for line in printed.splitlines()
    )

    installed = runner.invoke(app, ["sleutel", "gebruik", str(public[0])], env=WIDE)
    assert installed.exit_code == 0, installed.output
    assert fingerprint in installed.output and paths.installed_key_path().exists()

    refused = runner.invoke(app, ["sleutel", "gebruik", str(private[0])], env=WIDE)
    assert refused.exit_code == 1 and "PRIVÉSLEUTEL" in refused.output
    missing = runner.invoke(app, ["sleutel", "gebruik", str(tmp_path / "weg.pub")], env=WIDE)
    assert missing.exit_code == 1 and "bestaat niet" in missing.output


def test_a_second_key_replaces_the_first_and_says_so(private_home, tmp_path):
    for folder in ("a", "b"):
        assert (
            runner.invoke(app, ["sleutel", "maak", "--uit", str(tmp_path / folder)]).exit_code == 0
        )
    first, second = (next((tmp_path / f).glob("*.pub")) for f in ("a", "b"))
    runner.invoke(app, ["sleutel", "gebruik", str(first)])
    result = runner.invoke(app, ["sleutel", "gebruik", str(second)], env=WIDE)
    assert result.exit_code == 0 and "vorige sleutel" in result.output
    assert (
        len(list(paths.keys_dir().glob("*.sleutel"))) == 2
    )  # 'maak' never overwrites a private key


def test_demo_writes_sealed_client_files_that_this_device_reads(private_home, bank):
    from reflectie.clientcompare import collect_clients, three_views
    from reflectie.compare import compare
    from reflectie.loading import collect

    result = runner.invoke(app, ["demo", "--uit", "demo"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "cliëntantwoorden" in result.output and "demosleutel" in result.output
    files = sorted(Path("demo").rglob("*.clientstem"))
    assert len(files) >= 60
    assert len(list(Path("demo").rglob("*.toml"))) == 60  # the workers' demo is unchanged
    # only the seal's fields are readable; the team is inside the ciphertext (a plain text
    # search for "Team" would also hit the base64 now and then)
    sealed_fields = {"format", "version", "verzegeld", "sleutel", "inhoud"}
    assert all(set(tomllib.loads(f.read_text("utf-8"))) == sealed_fields for f in files)
    assert all("Team" not in f.read_text("utf-8").rsplit("inhoud", 1)[0] for f in files)
    assert stat.S_IMODE(paths.demo_key_path().stat().st_mode) == 0o600
    read = collect_clients([Path("demo")])
    assert read.problems == [] and len(read.answers) == len(files)
    views = three_views(compare(collect([Path("demo")], bank), bank, "team"), read)
    # 60 workers in 8 teams: only teams whose workers are shown on their own show their clients
    # (with fewer, the latest round pools every team and no client figure may show)
    assert views.shown and views.clients.hidden_teams >= 1
    assert all(g.workers is not None and "andere teams" not in g.name for g in views.shown)
    # the report of the demo folder reads the workers' files as answers files, clients apart
    report = runner.invoke(app, ["rapport", "demo", "--formaat", "md", "--uit", "uit"], env=WIDE)
    assert report.exit_code == 0, report.output
    assert "## Drie blikken" in next(Path("uit").glob("*.md")).read_text("utf-8")


def test_client_command_is_documented_and_paden_shows_client_folders(private_home):
    result = runner.invoke(app, ["client", "--help"], env=WIDE)
    assert result.exit_code == 0 and "Cliëntmodus" in result.output and "--ronde" in result.output
    shown = runner.invoke(app, ["paden"], env=WIDE)
    assert str(paths.client_dir()) in shown.output and str(paths.keys_dir()) in shown.output
    assert not private_home.exists()


def test_client_command_refuses_a_damaged_installed_key(private_home):
    paths.keys_dir().mkdir(parents=True)
    paths.installed_key_path().write_text("kapot", "utf-8")
    result = runner.invoke(app, ["client"], env=WIDE)
    assert result.exit_code == 1 and "onbruikbaar" in result.output


def test_client_command_runs_as_a_module_command():
    """textual-serve starts a command line; `python -m reflectie client` is one (see
    test_client_web)."""
    result = subprocess.run(
        [sys.executable, "-m", "reflectie", "client", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert (
        result.returncode == 0
        and "Cliëntmodus" in result.stdout
        and "--organisatie" in result.stdout
    )
