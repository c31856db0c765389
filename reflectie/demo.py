"""Fictional demo data: answers files of several teams and organisations over two rounds.

Nothing here is about real people or organisations. No names are written (naam stays empty).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from reflectie.answersfile import dumps
from reflectie.fileio import atomic_write, ensure_private_dir
from reflectie.labels import slugify
from reflectie.model import KIND_QUESTION, Action, Answers, Bank, Participant, RoundInfo, TextAnswer

if TYPE_CHECKING:
    from reflectie.clientstem import ClientAnswers

ROUNDS = ("2026-voorjaar", "2026-najaar")


@dataclass(frozen=True)
class DemoOrg:
    name: str
    sector: str
    teams: tuple[str, ...]
    base: float  # tendency on a 0..1 scale


ORGS = (
    DemoOrg("CAW Demo-Oost", "Algemeen Welzijnswerk (CAW)", ("Team Noord", "Team Zuid"), 0.60),
    DemoOrg("CLB Demo-Zuid", "CLB", ("Team Basis", "Team Secundair"), 0.48),
    DemoOrg("Voorziening De Demolinde", "Jongerenwelzijn", ("Leefgroep 1", "Contextteam"), 0.42),
    DemoOrg("Dienst Demo-Thuisbegeleiding", "VAPH", ("Team Thuis", "Team Mobiel"), 0.55),
)

THEME_SHIFT = {"rol": 0.0, "participatie": -0.06, "transparantie": 0.08, "vraaggestuurd": -0.03, "zelfbepaling": 0.02}

TEXTS = {
    "rol": [
        "Bij een melding van onveiligheid kies ik bewust voor de expertrol, maar ik zeg er luidop bij waarom.",
        "Ik merk dat ik snel oplossingen aanreik. Wachten tot het gezin zelf iets bedenkt blijft moeilijk.",
        "In ons team spreken we af wie het aanspreekpunt is, zodat het gezin niet vijf verhalen hoort.",
        "Ik wil vaker het netwerk rond een jongere bevragen: wie kan er nog helpen buiten de hulpverlening?",
        "Niet-weten voelt soms als tekortschieten. In intervisie merk ik dat collega's dat herkennen.",
    ],
    "participatie": [
        "Jongeren mogen zelf kiezen wie mee aan tafel zit bij het overleg. Dat verandert de sfeer.",
        "Ik denk dat mijn cliënten me lager op de ladder zouden zetten dan ik mezelf zet.",
        "Bij jonge kinderen zoek ik nog naar manieren om hun stem echt mee te nemen.",
        "Een supporter uit de buurt bracht het perspectief van de moeder helder in.",
        "We bevragen ouders wel, maar doen daarna te weinig met wat ze zeggen.",
    ],
    "transparantie": [
        "Verslagen lees ik eerst voor aan het gezin voor ze vertrekken. Dat kost tijd, maar voorkomt wantrouwen.",
        "Ik bel soms met school zonder het vooraf te zeggen. Dat wil ik veranderen.",
        "Uitleggen wat beroepsgeheim wel en niet betekent, doe ik nu bij het eerste gesprek.",
        "Moeilijke boodschappen breng ik liever samen met een collega, open en zonder omwegen.",
        "Nagaan of ouders begrepen wat we zeiden: ik vraag nu om het in hun eigen woorden te zeggen.",
    ],
    "vraaggestuurd": [
        "Onze wachtlijst duwt ons naar het aanbod dat vrij is, niet naar wat het gezin vraagt.",
        "Als de aanmelder iets anders vraagt dan het gezin, maak ik dat verschil bespreekbaar.",
        "Ik stel meer moedige vragen sinds de vorming, maar het blijft spannend.",
        "Mijn eigen referentiekader botst soms met dat van een gezin; ik benoem dat nu vaker.",
        "Procedures zijn nodig, maar soms wijken we af om het goede te doen, en dat mag.",
    ],
    "zelfbepaling": [
        "Een jongere bepaalde zelf waar we afspraken: op het voetbalveld in plaats van op kantoor.",
        "Regie overnemen doen we in team en we leggen aan het gezin uit wat nog wel van hen is.",
        "Ik wil mezelf sneller overbodig maken, maar het netwerk is vaak nog te klein.",
        "Het is niet altijd duidelijk voor ouders wat ze zelf kunnen beslissen binnen een opgelegd kader.",
        "Afspraken na vijf uur worden moeilijk door de regels van onze organisatie.",
    ],
}

ACTIONS = {
    "rol": ["Twee gezinnen vragen hoe zij mijn rol ervaren.", "Netwerkkaart maken bij elke nieuwe aanmelding."],
    "participatie": ["Jongeren laten kiezen wie er meekomt naar het overleg.", "Een cliëntenraad opstarten."],
    "transparantie": ["Verslagen voortaan samen met het gezin nalezen.",
                      "Afspraak: geen telefoon met school zonder het gezin te verwittigen."],
    "vraaggestuurd": ["In intervisie een casus bespreken waar vraag en aanbod botsten.",
                      "Vormingsdag rond moedige vragen."],
    "zelfbepaling": ["Bij elke start vragen waar en wanneer afspraken het best passen.",
                     "Visie op regie herschrijven met het team."],
}


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def make_demo_answers(bank: Bank, count: int, seed: int = 2026) -> list[tuple[Answers, str]]:
    """``count`` fictional answers files with their relative folder (organisation/team)."""
    rng = random.Random(seed)
    results: list[tuple[Answers, str]] = []
    people = (count + 1) // 2
    themes = bank.profile_themes()
    for index in range(people):
        org = ORGS[index % len(ORGS)]
        team = org.teams[(index // len(ORGS)) % len(org.teams)]
        team_shift = 0.08 if team == org.teams[0] else -0.05
        person_shift = rng.gauss(0, 0.13)
        pid = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6))
        participant = Participant(id=pid, organisation=org.name, team=team, sector=org.sector)
        installation = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6))
        answers_meso = rng.random() < 0.8
        rounds = ROUNDS if len(results) + 2 <= count else ROUNDS[-1:]
        for round_index, round_id in enumerate(rounds):
            growth = 0.07 * round_index
            start = datetime(2026, 3 if round_index == 0 else 10, 1 + index % 27, 9, 0,
                             tzinfo=timezone(timedelta(hours=1)))
            updated = start + timedelta(minutes=20 + rng.randint(0, 90))
            answers = Answers(participant=participant, round=RoundInfo(round_id, start, updated, rng.randint(3, 60)),
                              installation=installation)
            for theme in themes:
                tendency = org.base + THEME_SHIFT.get(theme.id, 0) + team_shift + person_shift + growth
                for item in theme.items:
                    if item.level == "meso" and not answers_meso:
                        continue
                    if item.kind == KIND_QUESTION:
                        if rng.random() < 0.12:
                            text = rng.choice(TEXTS[theme.id])
                            answers.texts[item.id] = TextAnswer(text, share=rng.random() < 0.6,
                                                                discuss=rng.random() < 0.35)
                        elif rng.random() < 0.05:
                            answers.texts[item.id] = TextAnswer("", share=False, discuss=True)
                        continue
                    scale = item.scale
                    assert scale is not None
                    if rng.random() < 0.06:
                        continue  # left open
                    if item.allows_na and rng.random() < 0.04:
                        answers.na.add(item.id)
                        continue
                    if item.allows_dont_know and rng.random() < 0.05:
                        answers.dont_know.add(item.id)  # a worker often cannot know this of the organisation
                        continue
                    if scale.nominal:
                        answers.scores[item.id] = rng.choice(scale.values)
                        continue
                    local = tendency + rng.gauss(0, 0.14)
                    if item.self_image:
                        local -= 0.12 + rng.random() * 0.1  # clients see it a little lower
                    if item.level == "meso":
                        local -= 0.05
                    value = scale.min + local * (scale.max - scale.min)
                    answers.scores[item.id] = _clip(value, scale.min, scale.max)
                if rng.random() < 0.5:
                    answers.actions.append(
                        Action(theme.id, "micro", rng.choice(ACTIONS[theme.id]),
                               due=date(2026 + round_index, 6 if round_index == 0 else 1, 30),
                               share=rng.random() < 0.7,
                               # the earlier round's actions were followed up in the later one
                               happened=rng.choice(("ja", "deels", "nee")) if round_index < len(ROUNDS) - 1 else None)
                    )
            results.append((answers, f"{slugify(org.name)}/{slugify(team)}"))
            if len(results) >= count:
                return results
    return results


def write_demo(bank: Bank, folder: Path, count: int = 60, seed: int = 2026) -> list[Path]:
    """Write the demo files (0600, folders 0700) and return their paths."""
    ensure_private_dir(folder)
    written = []
    for answers, sub in make_demo_answers(bank, count, seed):
        target_dir = ensure_private_dir(folder / sub)
        path = target_dir / f"reflectie-{answers.round.id}-{answers.participant.id}.toml"
        atomic_write(path, dumps(answers))
        written.append(path)
    return written


# --- a fictional workgroup's follow-up of the IROJ checklist -------------------------------------
#
# The worker files above go to a folder for reports. A workgroup's follow-up lives in one person's
# own rounds (whoever keeps it, e.g. the secretary), so its demo is a data folder of its own — a
# demo home with a profile and two rounds — never the user's own rounds: fiction must not end up
# in Mijn rondes or in a shared file. It is opened by pointing REFLECTIE_HOME at it.

WORKGROUP_HOME = "demo-werkgroep"
WORKGROUP = Participant(id="wgdemo", organisation="IROJ Demo-regio",
                        team="Werkgroep vermaatschappelijking")
# per measure: (status, owner, target date, evidence) in the spring round and in the autumn round;
# None leaves the follow-up empty in that round
_IROJ_SPRING = {
    "iroj.referentiekader": (2, "voorzitter IROJ", date(2026, 6, 30),
                             "De uitnodiging voor de studiedag van 14/05 noemt de nota als kader."),
    "iroj.grabbelbox": (1, "secretariaat werkgroep", date(2026, 9, 30), ""),
    "iroj.charter-opgenomen": (2, "dagelijks bestuur IROJ", date(2026, 6, 30),
                               "Voorstel tot aanpassing van het charter ingediend."),
    "iroj.bewakers-aangeduid": (1, "voorzitter IROJ", date(2026, 6, 30), ""),
    "iroj.sectoraal-overleg": (3, "regiocoördinatoren", date(2026, 9, 30),
                               "Geagendeerd in 3 van de 5 regio's."),
    "iroj.intersectorale-bijeenkomst": (1, "werkgroep", date(2026, 10, 31), ""),
    "iroj.aco": (1, "afgevaardigde van het IROJ in het ACO", date(2026, 12, 31), ""),
}
_IROJ_AUTUMN = {
    "iroj.referentiekader": (4, "voorzitter IROJ", date(2026, 12, 31),
                             "Studiedag en tafels rond verontrusting gebruiken de nota."),
    "iroj.grabbelbox": (2, "secretariaat werkgroep", date(2026, 9, 30), "Offerte opgevraagd."),
    "iroj.charter-opgenomen": (5, "dagelijks bestuur IROJ", date(2026, 6, 30),
                               "Charter aangepast op het plenum van 18/06/2026."),
    "iroj.bewakers-aangeduid": (3, "voorzitter IROJ", date(2026, 12, 31),
                                "Twee leden aangeduid; nog geen afspraak voor de werkgroepen."),
    "iroj.sectoraal-overleg": (4, "regiocoördinatoren", date(2026, 12, 31),
                               "Geagendeerd in alle regio's; in 4 van de 5 met afspraken."),
    "iroj.intersectorale-bijeenkomst": (2, "werkgroep, met een externe coach", date(2027, 1, 31),
                                        "Datum vastgelegd: 28/01/2027. Coach gevraagd."),
    "iroj.aco": (2, None, None, None),  # status only: owner and date stand in the spring round
}
_IROJ_STEPS = (
    ("Het voorstel voor het charter bespreken op het plenum van juni.", date(2026, 6, 15)),
    ("De intersectorale bijeenkomst van 28/01/2027 voorbereiden met de externe coach.",
     date(2027, 1, 15)),
)


def make_workgroup_rounds(bank: Bank) -> list[Answers]:
    """The fictional secretary's two rounds with the IROJ checklist filled in (nothing else)."""
    from reflectie.model import ChecklistEntry

    zone = timezone(timedelta(hours=1))
    plans = (
        ("2026-voorjaar", datetime(2026, 3, 12, 14, 0, tzinfo=zone), _IROJ_SPRING, _IROJ_STEPS[0]),
        ("2026-najaar", datetime(2026, 10, 8, 14, 0, tzinfo=zone), _IROJ_AUTUMN, _IROJ_STEPS[1]),
    )
    rounds = []
    for round_id, start, plan, (step, step_due) in plans:
        answers = Answers(participant=replace(WORKGROUP),
                          round=RoundInfo(round_id, start, start + timedelta(minutes=50), 6),
                          installation="wgdemo")
        for item_id, (status, owner, due, evidence) in plan.items():
            if item_id not in bank.items:
                continue  # a bank without this measure (a user's own bank): leave it out
            answers.set_choice(item_id, status)
            if owner is not None:
                answers.checklist[item_id] = ChecklistEntry(owner=owner, due=due,
                                                            evidence=evidence or "")
        answers.actions.append(Action("iroj", "macro", step, due=step_due))
        rounds.append(answers)
    return rounds


def write_workgroup_demo(bank: Bank, home: Path) -> Path:
    """Write the demo home: a profile (the fictional workgroup, no name) and its two rounds, as
    reflectie keeps them in a data folder. Returns ``home``. Written again on every call."""
    from reflectie.profile import Profile, save_profile

    ensure_private_dir(home)
    rounds = make_workgroup_rounds(bank)
    answers_dir = ensure_private_dir(home / "antwoorden")
    for answers in rounds:
        atomic_write(answers_dir / f"{answers.round.id}.toml", dumps(answers))
    save_profile(Profile(replace(WORKGROUP), installation="wgdemo", welcomed=True,
                         last_round=rounds[-1].round.id), home / "profiel.toml")
    return home


# --- clients' answers (cliëntstem) ---------------------------------------------------------------

CLIENT_FILES = {  # (organisation index, team index) → client files per round: most teams reach 5
    (0, 0): (9, 12), (0, 1): (6, 7), (1, 0): (11, 14), (1, 1): (4, 6),
    (2, 0): (7, 8), (2, 1): (3, 4), (3, 0): (12, 13), (3, 1): (5, 8),
}
PARENT_SHARE = (0.4, 0.15, 0.3, 0.5)  # per organisation: the share of its clients who are parents


def make_demo_clients(seed: int = 2026) -> list[tuple[ClientAnswers, str, str]]:
    """Fictional client answers for every demo team and round, with their relative folder.

    Clients place the work a little lower than the workers do, parents a little lower than young
    people, and some choose 'wil ik niet zeggen'. Nothing here is about real people."""
    from reflectie.clientstem import ClientAnswers
    from reflectie.clientvragen import default_questionnaire

    questionnaire = default_questionnaire()
    rng = random.Random(seed * 7 + 1)
    results: list[tuple[ClientAnswers, str, str]] = []
    for (org_index, team_index), per_round in sorted(CLIENT_FILES.items()):
        org = ORGS[org_index]
        team = org.teams[team_index]
        team_shift = 0.08 if team_index == 0 else -0.05
        for round_index, (round_id, amount) in enumerate(zip(ROUNDS, per_round)):
            parents = round(amount * PARENT_SHARE[org_index])
            whos = ["ouder"] * parents + ["jongere"] * (amount - parents)
            rng.shuffle(whos)
            for who in whos:
                day = date(2026, 3 if round_index == 0 else 10, rng.randint(2, 27))
                client = ClientAnswers(org.name, team, round_id, who, min(day, date.today()))
                tendency = org.base + team_shift + 0.07 * round_index - 0.1 + rng.gauss(0, 0.15)
                if who == "ouder":
                    tendency -= 0.05
                for item in questionnaire.version(who).items:
                    if rng.random() < 0.06:
                        client.declined.add(item.id)
                        continue
                    local = tendency + rng.gauss(0, 0.15)
                    scale = item.scale
                    value = scale.min + local * (scale.max - scale.min)
                    client.answers[item.id] = _clip(value, scale.min, scale.max)
                name = "".join(rng.choice("0123456789abcdef") for _ in range(16)) + ".clientstem"
                results.append((client, f"clientstem/{slugify(org.name)}/{slugify(team)}", name))
    return results


def write_demo_clients(folder: Path, seed: int = 2026) -> tuple[list[Path], Path]:
    """Write the fictional client files, sealed to the demo's own key, which is stored with the
    demo (``paths.demo_key_path()``) so that this device can read them. Returns the files and
    the key."""
    from reflectie import paths
    from reflectie.clientstem import write_client_answers
    from reflectie.sealing import demo_private_key, write_private_key

    key = demo_private_key(seed)
    key_path = paths.demo_key_path()
    if key_path.exists():
        key_path.unlink()  # a demo of another seed: its files are rewritten below
    write_private_key(key, key_path)
    written = []
    for client, sub, name in make_demo_clients(seed):
        target = ensure_private_dir(folder / sub)
        written.append(write_client_answers(client, target, key.public, name))
    return written, key_path
