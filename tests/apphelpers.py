"""Helpers to start the app in tests with a known profile."""

from __future__ import annotations

from reflectie.app import make_app
from reflectie.model import Participant
from reflectie.profile import Profile, save_profile
from reflectie.session import Session


def welcomed_profile(round_label: str = "2026-najaar") -> Profile:
    profile = Profile(
        Participant(id="test01", name="Sara", organisation="CAW Oost", team="Team Noord", sector="CLB"),
        welcomed=True,
        last_round=round_label,
    )
    save_profile(profile)
    return profile


def new_app(round_label: str = "2026-najaar"):
    welcomed_profile(round_label)
    return make_app(Session())
