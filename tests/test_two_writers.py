"""Two windows on the same person's data (two terminals, two browser tabs of `serve`): one writer per
round, the second window reads only and says so; profile changes from both windows all survive."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from reflectie.answersfile import read_answers
from reflectie.errors import ReadOnlyError
from reflectie.profile import load_profile
from reflectie.store import round_path

from .apphelpers import welcomed_profile

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork starts the second window here")
ROUND = "2026-najaar"
WAIT = 60


def _first_window(opened, checked, queue) -> None:
    from reflectie.session import Session

    session = Session()
    session.open_round(ROUND)
    queue.put(("first", session.read_only))
    opened.set()
    checked.wait(WAIT)
    items = [i for i in session.bank.items.values() if i.scale is not None][:40]
    for item in items:
        session.set_choice(item.id, item.scale.values[-1])
        session.save()
    session.set_text("rol.micro.1", text="Mijn reflectie, bewaard met 40 scores.", share=True)
    session.save()
    session.close()
    queue.put(("saved", [i.id for i in items]))


def _second_window(opened, checked, queue) -> None:
    from reflectie.session import READ_ONLY, Session

    opened.wait(WAIT)
    session = Session()
    answers = session.open_round(ROUND)
    refused = []
    for change in (lambda: session.set_choice("rol.positie.micro", 1),
                   lambda: session.set_text("rol.micro.1", text="van het tweede venster"),
                   lambda: session.set_action("rol", "micro", text="actie van het tweede venster")):
        try:
            change()
        except ReadOnlyError as exc:
            refused.append(str(exc))
    session.save()  # nothing to write: must not touch the round
    queue.put(("second", session.read_only, refused, READ_ONLY, answers.round.id))
    checked.set()
    session.close()


def _run(*targets):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    events = [context.Event(), context.Event()]
    processes = [context.Process(target=t, args=(*events, queue)) for t in targets]
    for p in processes:
        p.start()
    for p in processes:
        p.join(WAIT)
        assert p.exitcode == 0, f"{p.name} ended with {p.exitcode}"
    results = {}
    while not queue.empty():
        message = queue.get(timeout=5)
        results[message[0]] = message[1:]
    return results


def test_second_window_on_a_round_reads_only_and_nothing_is_lost(private_home):
    welcomed_profile(ROUND)
    results = _run(_first_window, _second_window)
    assert results["first"] == (False,)
    read_only, refused, message, round_id = results["second"]
    assert read_only and round_id == ROUND
    assert refused == [message] * 3 and "ander venster" in message
    saved = read_answers(round_path(ROUND))
    items = results["saved"][0]
    assert len(items) == 40 and all(i in saved.scores for i in items), "an answer was lost"
    assert saved.texts["rol.micro.1"].text == "Mijn reflectie, bewaard met 40 scores."
    assert saved.round.revision == 41
    assert "tweede venster" not in round_path(ROUND).read_text("utf-8")


def _change_profile(field, values, start, queue) -> None:
    from reflectie.session import Session

    session = Session()  # both windows read the profile before either writes
    start.wait(WAIT)
    for value in values:
        session.update_profile(**{field: value})
    queue.put((field, session.profile.installation))


def test_two_windows_change_different_profile_fields(private_home):
    welcomed_profile(ROUND)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = context.Event()
    processes = [
        context.Process(target=_change_profile, args=("team", [f"Team {i}" for i in range(25)], start, queue)),
        context.Process(target=_change_profile, args=("name", [f"Naam {i}" for i in range(25)], start, queue)),
    ]
    for p in processes:
        p.start()
    start.set()
    for p in processes:
        p.join(WAIT)
        assert p.exitcode == 0
    codes = {queue.get(timeout=5)[1] for _ in processes}
    profile = load_profile()
    assert (profile.participant.team, profile.participant.name) == ("Team 24", "Naam 24")
    assert profile.participant.organisation == "CAW Oost" and profile.welcomed  # untouched fields stay
    assert codes == {profile.installation}  # both windows ended with the one code on disk


def _late_window(b_checked, a_done, queue) -> None:
    """Reads the profile (no installation code on disk yet), then waits while the other window
    writes its code and works, then carries on."""
    from reflectie import session as module

    real = module._has_installation_on_disk
    calls = []

    def first_read_then_wait() -> bool:
        value = real()
        if not calls:
            calls.append(value)
            b_checked.set()
            a_done.wait(WAIT)
        return value

    module._has_installation_on_disk = first_read_then_wait
    window = module.Session()
    window.update_profile(name="Naam uit venster B")
    queue.put(("B", window.profile.installation, calls))


def _early_window(b_checked, a_done, queue) -> None:
    from reflectie.session import Session

    b_checked.wait(WAIT)
    window = Session()
    window.update_profile(team="Team uit venster A")
    queue.put(("A", window.profile.installation))
    a_done.set()


def test_a_window_started_meanwhile_does_not_replace_the_installation_code(private_home):
    """An old profile without installation code, two windows starting together: both must end
    with the same code, or one window's shared files look like another computer's (a conflict)."""
    welcomed_profile(ROUND)  # written without 'installatie', like a profile of an older version
    results = _run(_late_window, _early_window)
    profile = load_profile()
    assert results["B"][1] == [False]  # B really read the profile before A wrote a code
    assert results["A"][0] == results["B"][0] == profile.installation
    assert (profile.participant.name, profile.participant.team) == ("Naam uit venster B", "Team uit venster A")
