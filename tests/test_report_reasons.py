"""Reports and the terminal tell why a group is missing: too few people, or held back by the memory
of earlier reports (shown before, and the difference would set apart too few people)."""

from __future__ import annotations

from typer.testing import CliRunner

from reflectie.cli import app

from .groupdata import write_shared

ITEM = "transparantie.vooraf-aftoetsen"
TOO_FEW = "te weinig deelnemers"


def _write(folder, pid, value, team="Noord", org="CAW"):
    write_shared(folder, pid, ITEM, value, team, org)


def _report(folder, out, *extra):
    return CliRunner().invoke(app, ["rapport", str(folder), "-f", "md", "--uit", str(out), *extra],
                              env={"COLUMNS": "300"})


def _md(out):
    return next(out.glob("*.md")).read_text("utf-8")


def _teams(folder):
    for pid, value in (("n1", 4), ("n2", 4), ("n3", 3)):
        _write(folder, pid, value)
    for pid, value in (("z1", 2), ("z2", 3), ("z3", 2)):
        _write(folder, pid, value, team="Zuid")


def test_a_group_the_memory_withholds_is_not_called_too_small(tmp_path):
    folder = tmp_path / "map"
    _teams(folder)
    assert _report(folder, tmp_path / "a").exit_code == 0
    _write(folder, "n4", 1)  # one late colleague: Noord is withheld, it is not too small
    result = _report(folder, tmp_path / "b")
    assert result.exit_code == 0, result.output
    report = _md(tmp_path / "b")
    assert TOO_FEW not in report
    assert "1 groep niet opnieuw getoond: een eerder rapport van dezelfde ronde toonde die groep al" in report
    assert "4 deelnemers" not in report and "Noord" not in report  # neither its size nor its name
    assert "te weinig mensen" not in result.output
    assert "4 deelnemers in 1 team die niet opnieuw getoond worden" in result.output


def test_small_and_withheld_groups_are_counted_apart(tmp_path):
    folder = tmp_path / "map"
    _teams(folder)
    _write(folder, "w1", 3, team="West")  # a team of one: too small, whatever the memory says
    assert _report(folder, tmp_path / "a").exit_code == 0
    assert "1 groep weggelaten: te weinig deelnemers." in _md(tmp_path / "a")
    _write(folder, "z4", 1, team="Zuid")
    result = _report(folder, tmp_path / "b")
    report = _md(tmp_path / "b")
    assert "1 groep weggelaten: te weinig deelnemers." in report
    assert "1 groep niet opnieuw getoond" in report
    assert "1 deelnemer in 1 team met te weinig mensen" in result.output
    assert "4 deelnemers in 1 team die niet opnieuw getoond worden" in result.output


def test_per_organisation_a_withheld_team_is_not_counted_as_too_small(tmp_path):
    folder = tmp_path / "map"
    _teams(folder)
    for pid in ("o1", "o2", "o3"):
        _write(folder, pid, 4, team="Oost", org="CLB")
    assert _report(folder, tmp_path / "a", "--per", "organisatie").exit_code == 0
    _write(folder, "o4", 1, team="Oost", org="CLB")  # CLB's only team is withheld: CLB is missing
    _write(folder, "n4", 1)  # and one of CAW's two teams: CAW is shown without it
    result = _report(folder, tmp_path / "b", "--per", "organisatie")
    assert result.exit_code == 0, result.output
    report = _md(tmp_path / "b")
    assert TOO_FEW not in report
    assert "2 teams niet opnieuw meegeteld: een eerder rapport van dezelfde ronde toonde ze al" in report
    assert "Daardoor ontbreekt 1 organisatie helemaal." in report


def test_client_answers_the_memory_withholds_are_not_called_too_few(bank, tmp_path):
    from reflectie.clientcompare import three_views
    from reflectie.compare import compare
    from reflectie.ledger import ReleaseLedger

    from .test_client_compare import clients, collection, worker_collection, workers

    people = worker_collection(workers(4, "Team Noord"))
    path = tmp_path / "vrijgegeven.toml"
    first = ReleaseLedger.load(path)
    three_views(compare(people, bank, "team", ledger=first), collection(clients(5)))
    first.commit()
    again = three_views(compare(people, bank, "team", ledger=ReleaseLedger.load(path)),
                        collection(clients(5), clients(1, seed=9)))
    assert again.clients.hidden_teams == 1 and again.clients.withheld_teams == 1
    assert not any("minder dan 5 antwoorden" in note for note in again.clients.notes), again.clients.notes
    assert any(note.startswith("Cliëntantwoorden van 1 team worden niet opnieuw getoond: een eerder rapport")
               for note in again.clients.notes), again.clients.notes
