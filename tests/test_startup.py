"""Start-up reads only the first screens' stylesheets; the others follow right after the first frame
(ReflectieApp._read_other_css). The result must be the same as reading them all at start."""

from __future__ import annotations

import pytest

from reflectie.app import ReflectieApp, _stylesheets
from reflectie.session import Session

from .apphelpers import welcomed_profile

SIZE = (80, 24)


async def stylesheet_after_start() -> tuple[list, list[str]]:
    app = ReflectieApp(Session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        sheet = app.stylesheet
        by_selector = sheet.rules_map  # what Textual looks rules up in: first, as it may be stale
        assert sum(map(len, by_selector.values())) == sum(len(rule.selector_names) for rule in sheet.rules)
        files = [path for path, _var in sheet.source if path.endswith(".tcss")]
        rules = [(rule.selectors, rule.is_default_rules, rule.tie_breaker, repr(rule.styles.get_rules()))
                 for rule in sheet.rules]
        return rules, files


@pytest.mark.parametrize("first_run", [True, False])
async def test_stylesheets_read_later_give_the_same_rules_in_the_same_order(private_home, monkeypatch, first_run):
    if not first_run:
        welcomed_profile()
    rules, files = await stylesheet_after_start()
    # as before: every stylesheet read at start, in the order reflectie gives them
    monkeypatch.setattr(ReflectieApp, "CSS_PATH", [str(path) for path in _stylesheets()])
    monkeypatch.setattr(ReflectieApp, "_read_other_css", lambda self: None)
    expected_rules, expected_files = await stylesheet_after_start()
    assert files == expected_files == [str(path.resolve()) for path in _stylesheets()]
    assert rules == expected_rules
    assert any(selectors.startswith('HelpScreen') for selectors, *_ in rules)  # dialogs.tcss
