"""
Write the bundled example surveys: a fictional trust's yearly survey of its
doctors on the catalogue's self-assessment checklist.

Run from anywhere, with medengage installed::

    python tools/make_example_surveys.py

The answers come from a fixed seed and the standard library's `random`
alone, so a run rewrites the committed files byte for byte;
tests/test_catalogue.py checks that they agree.

The trust, Northwold Valley NHS Foundation Trust, and everyone in its
surveys are made up. Each year a few hundred doctors answer the items for
individual doctors, leaving about 3% blank, and one board member answers
the items for the organisation. Respondent ids are opaque and new each
year: ``r0001`` in one year is not ``r0001`` in the next. The trust
improves gently on several features over the three years and dips on
stable leadership in the last, so that trends have something to show;
foundation doctors are few, fewer than 11 in the first year, so that
disclosure control has something to withhold.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import medengage
from medengage import Assessment, Audience, Checklist, Respondent


DATA = Path(__file__).resolve().parents[1] / "medengage" / "_catalogue" / "data"
CHECKLIST = DATA / "checklists" / "medical-engagement-self-assessment-v1.yaml"
ASSESSMENTS = DATA / "assessments"

#: The fictional trust's ODS code: real trusts' codes start with R or T.
TRUST = "ZNW"
SEED = 20141031
#: Each survey closes on the last day of October.
YEARS = (2022, 2023, 2024)

#: How many doctors of each grade answer, year by year. "Resident doctor"
#: here means a doctor in specialty training.
GRADES: dict[str, tuple[int, ...]] = {
    "consultant": (112, 120, 127),
    "specialty doctor": (38, 41, 44),
    "resident doctor": (86, 93, 101),
    "foundation doctor": (9, 12, 16),
}
#: Each specialty, and its share of the doctors.
SPECIALTIES: dict[str, float] = {
    "medicine": 0.35,
    "surgery": 0.25,
    "anaesthetics": 0.15,
    "emergency medicine": 0.15,
    "paediatrics": 0.10,
}
#: For each feature, how far above or below neutral its answers sit, year
#: by year, in points of the 5-point scale.
CLIMATE: dict[str, tuple[float, ...]] = {
    "quality-strategy": (0.55, 0.6, 0.65),
    "stable-leadership": (0.6, 0.65, 0.15),
    "supportive-governance": (0.3, 0.4, 0.5),
    "leadership-development": (0.25, 0.4, 0.55),
    "values-based-recruitment": (0.4, 0.4, 0.45),
    "talent-pipeline": (-0.15, 0.05, 0.25),
    "diverse-leadership": (-0.3, -0.25, -0.2),
    "learning-from-incidents": (-0.05, 0.15, 0.35),
    "quality-improvement": (0.0, 0.25, 0.5),
    "collective-leadership": (0.1, 0.15, 0.2),
    "financial-engagement": (-0.45, -0.45, -0.4),
}
#: How far each grade's answers sit from the trust's, on every feature.
GRADE_SHIFT: dict[str, float] = {
    "consultant": 0.15,
    "specialty doctor": -0.2,
    "resident doctor": -0.1,
    "foundation doctor": 0.1,
}
#: The share of answers a doctor leaves blank.
MISSING = 0.03


def main() -> None:
    """
    Write each example survey to its file.
    """
    checklist = medengage.load(CHECKLIST, Checklist)
    for assessment in example_surveys(checklist):
        medengage.dump(assessment, ASSESSMENTS / file_name(assessment))
        print(f"wrote {file_name(assessment)}")


def example_surveys(checklist: Checklist) -> list[Assessment]:
    """
    The fictional trust's survey of each year in `YEARS`, on *checklist*.
    """
    return [_survey(checklist, year) for year in YEARS]


def file_name(assessment: Assessment) -> str:
    """
    The name of the file *assessment* is kept in.
    """
    return f"northwold-valley-{assessment.date.year}.yaml"


def _survey(checklist: Checklist, year: int) -> Assessment:
    rng = random.Random(SEED + year)
    when = YEARS.index(year)
    grades = [grade for grade, counts in GRADES.items() for _ in range(counts[when])]
    rng.shuffle(grades)
    respondents = [
        _doctor(f"r{number:04d}", grade, checklist, when, rng)
        for number, grade in enumerate(grades, start=1)
    ]
    respondents.append(_board_member(f"r{len(grades) + 1:04d}", checklist, when, rng))
    return Assessment(
        checklist=checklist,
        trust=TRUST,
        date=dt.date(year, 10, 31),
        respondents=respondents,
        title=f"Doctors' engagement survey {year}",
    )


def _doctor(
    id: str, grade: str, checklist: Checklist, when: int, rng: random.Random
) -> Respondent:
    specialty = rng.choices(list(SPECIALTIES), weights=list(SPECIALTIES.values()))[0]
    outlook = 0.7 * _normal(rng) + GRADE_SHIFT[grade]
    answers: dict[str, int | None] = {}
    for item in checklist.items:
        if item.audience is not Audience.INDIVIDUAL:
            continue
        leaning = CLIMATE[item.feature][when] + outlook + 0.8 * _normal(rng)
        answer = min(5, max(1, round(3 + leaning)))
        if item.reverse:
            answer = 6 - answer
        answers[item.id] = None if rng.random() < MISSING else answer
    return Respondent(
        id=id, attributes={"grade": grade, "specialty": specialty}, answers=answers
    )


def _board_member(
    id: str, checklist: Checklist, when: int, rng: random.Random
) -> Respondent:
    answers = {}
    for item in checklist.items:
        if item.audience is Audience.ORGANISATION:
            leaning = CLIMATE[item.feature][when] + 0.2 * _normal(rng)
            answers[item.id] = 2 if leaning > 0.45 else 1 if leaning > -0.35 else 0
    return Respondent(id=id, attributes={"role": "board"}, answers=answers)


def _normal(rng: random.Random) -> float:
    # Near enough normal (mean 0, standard deviation 1), from uniform draws
    # alone, so that the files come out the same on every platform.
    return (sum(rng.random() for _ in range(4)) - 2.0) * 1.7320508075688772


if __name__ == "__main__":
    main()
