"""The Session owns a person's data: one object per round, every change through it, one writer per round."""

from __future__ import annotations

import multiprocessing
import stat
from datetime import date

import pytest

from reflectie import paths
from reflectie.answersfile import read_answers
from reflectie.errors import ReadOnlyError, ReflectieError
from reflectie.model import DONT_KNOW, NA
from reflectie.profile import load_profile
from reflectie.session import Session, parse_due, round_id_for
from reflectie.store import round_path

from .apphelpers import welcomed_profile


@pytest.fixture
def session(private_home):
    welcomed_profile()
    s = Session()
    yield s
    s.close()


def test_round_labels_become_ids_the_reader_accepts(session, bank):
    assert round_id_for("2026 Najaar") == "2026-najaar"
    answers = session.open_round("2026 Najaar")
    session.set_choice("rol.positie.micro", 3)
    session.save()
    assert read_answers(answers.path, bank).round.id == "2026-najaar"


def test_opening_and_viewing_writes_nothing(session):
    session.open_round("2026-najaar")
    session.set_choice("rol.positie.micro", 3)
    session.save()
    path = round_path("2026-najaar")
    before = path.read_bytes()
    session.close()
    again = Session()
    again.open_round("2026-najaar")
    again.follow_profile()
    again.save()
    again.close()
    assert path.read_bytes() == before


def test_unchanged_values_are_not_changes(session):
    session.open_round("2026-najaar")
    assert session.set_choice("rol.positie.micro", 3) is True
    assert session.set_choice("rol.positie.micro", 3) is False
    assert session.set_text("rol.micro.1", text="") is False  # an empty answer that was never there
    assert session.set_action("rol", "micro", text="") is False


def test_choices_na_and_dont_know_exclude_each_other(session):
    answers = session.open_round("2026-najaar")
    session.set_choice("rol.positie.meso", 2)
    session.set_choice("rol.positie.meso", DONT_KNOW)
    assert answers.choice("rol.positie.meso") == DONT_KNOW and "rol.positie.meso" not in answers.scores
    session.set_choice("rol.positie.meso", NA)
    assert answers.na == {"rol.positie.meso"} and not answers.dont_know
    session.set_choice("rol.positie.meso", None)
    assert answers.choice("rol.positie.meso") is None
    with pytest.raises(ReflectieError, match="buiten de schaal"):
        session.set_choice("rol.positie.meso", 9)


def test_follow_up_of_an_open_round_is_never_written_back_old(session, bank):
    """The lost follow-up: Mijn rondes and the questionnaire share one object per round."""
    older = session.open_round("2026-voorjaar")
    session.set_action("rol", "micro", text="Netwerkkaart maken", share=True)
    session.save()
    session.open_round("2026-najaar")
    rounds, _ = session.rounds()
    assert rounds[0] is older  # the identity map hands out the same object
    session.open_round("2026-voorjaar")
    session.set_follow_up("2026-voorjaar", 0, "ja")
    session.set_choice("rol.positie.micro", 4)  # answering again in the same round
    session.save()
    kept = read_answers(round_path("2026-voorjaar"), bank)
    assert kept.actions[0].happened == "ja" and kept.scores["rol.positie.micro"] == 4


def test_new_round_refuses_an_existing_label(session):
    session.open_round("2026-najaar")
    session.set_choice("rol.positie.micro", 1)
    session.save()
    with pytest.raises(ReflectieError, match="bestaat al"):
        session.new_round("2026 najaar")
    assert session.new_round("2027-voorjaar").round.id == "2027-voorjaar"


def test_delete_round(session):
    session.open_round("2026-najaar")
    session.set_choice("rol.positie.micro", 1)
    session.save()
    session.delete_round("2026-najaar")
    assert not round_path("2026-najaar").exists() and session.answers is None
    assert session.rounds()[0] == []


def _hold_round(ready, done) -> None:
    s = Session()
    s.open_round("2026-najaar")
    ready.set()
    done.wait(20)
    s.close()


def test_second_window_opens_read_only_and_is_told(session):
    ctx = multiprocessing.get_context("fork")
    ready, done = ctx.Event(), ctx.Event()
    other = ctx.Process(target=_hold_round, args=(ready, done))
    other.start()
    try:
        assert ready.wait(20)
        session.open_round("2026-najaar")
        assert session.read_only
        with pytest.raises(ReadOnlyError, match="ander venster"):
            session.set_choice("rol.positie.micro", 2)
    finally:
        done.set()
        other.join(20)
    session.open_round("2027-voorjaar")
    session.open_round("2026-najaar")  # the other window closed: writable again
    assert not session.read_only and session.set_choice("rol.positie.micro", 2)


def test_profile_changes_keep_what_another_window_changed(session):
    other = Session()
    other.update_profile(team="Team Zuid")
    session.update_profile(dark=False)  # this window's profile still says the old team
    profile = load_profile()
    assert profile.participant.team == "Team Zuid" and profile.dark is False
    assert session.profile.participant.team == "Team Zuid"


def test_position_is_remembered_with_the_next_save(session):
    session.open_round("2026-najaar")
    session.remember_position("transparantie", "micro", "transparantie.vooraf-aftoetsen")
    assert load_profile().last_item == ""
    session.set_choice("rol.positie.micro", 2)
    session.save()
    profile = load_profile()
    assert (profile.last_theme, profile.last_item) == ("transparantie", "transparantie.vooraf-aftoetsen")


def test_share_preview_says_exactly_what_goes_out(session, tmp_path, bank):
    session.update_profile(team="", organisation="")
    session.open_round("2026-najaar")
    session.set_choice("rol.positie.micro", 2)
    session.set_text("rol.micro.1", text="Mijn woorden", share=False, discuss=True)
    session.set_text("rol.micro.2", text="Gedeeld", share=True)
    preview = session.share_preview()
    assert (preview.scores, preview.shared_texts, preview.private_texts, preview.discuss_only) == (1, 1, 1, 1)
    assert len(preview.warnings) == 2
    written = session.share(tmp_path / "team")
    assert written.name == preview.file_name
    raw = written.read_text("utf-8")
    assert "Mijn woorden" not in raw and "Gedeeld" in raw and "Sara" not in raw
    assert stat.S_IMODE(written.stat().st_mode) == 0o644


def test_export_goes_to_the_documents_folder_not_the_working_directory(session, tmp_path):
    session.open_round("2026-najaar")
    session.set_choice("rol.positie.micro", 2)
    target = session.export(paths.default_export_dir(), "html")
    assert tmp_path / "documenten" in target.parents
    assert not (tmp_path / "exports").exists()


def test_typed_dates():
    assert parse_due("31/01/2027") == date(2027, 1, 31)
    assert parse_due("2027-01-31") == date(2027, 1, 31)
    assert parse_due(" ") is None
    with pytest.raises(ReflectieError, match="bestaat niet"):
        parse_due("31/02/2027")
    with pytest.raises(ReflectieError, match="Geef een datum"):
        parse_due("morgen")


def test_default_export_folder_is_the_users_documents(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("REFLECTIE_EXPORTMAP")
    assert paths.default_export_dir() == platformdirs.user_documents_path() / "reflectie"
    assert tmp_path not in paths.default_export_dir().parents
