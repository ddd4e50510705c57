"""
Small valid documents, as text and as the objects they hold, for tests
that break them on purpose.

The texts are written out by hand so that a test can name the line and
column a problem stands at; `test_samples_load_as_their_objects` keeps each
text and its object in step.
"""

from __future__ import annotations

import datetime as dt

import medengage


AGREEMENT = medengage.ResponseScale(
    id="agree3",
    title="Agreement",
    points=[
        medengage.ScalePoint(1, "Disagree"),
        medengage.ScalePoint(2, "Neither"),
        medengage.ScalePoint(3, "Agree", favourable=True),
    ],
)
YES_NO = medengage.ResponseScale(
    id="yes-no",
    title="Yes or no",
    points=[
        medengage.ScalePoint(0, "No"),
        medengage.ScalePoint(1, "Yes", favourable=True),
    ],
)
VOICE = medengage.EngagementFeature(
    id="voice",
    title="Doctors have a voice",
    summary="Doctors' views shape the decisions that affect their work.",
)
LEADERSHIP = medengage.EngagementFeature(id="leadership", title="Shared leadership")

PULSE = medengage.Checklist(
    id="pulse",
    version=1,
    title="Pulse survey",
    features=[VOICE, LEADERSHIP],
    scales=[AGREEMENT, YES_NO],
    items=[
        medengage.ChecklistItem(
            id="q1", prompt="I am listened to.", feature="voice", scale="agree3"
        ),
        medengage.ChecklistItem(
            id="q2",
            prompt="Doctors sit on the board.",
            feature="leadership",
            scale="yes-no",
            audience=medengage.Audience.ORGANISATION,
        ),
    ],
)
PULSE_TEXT = """\
medengage: 1
kind: Checklist
id: pulse
version: 1
title: Pulse survey
features:
- id: voice
  title: Doctors have a voice
  summary: Doctors' views shape the decisions that affect their work.
- id: leadership
  title: Shared leadership
scales:
- id: agree3
  title: Agreement
  points:
  - {value: 1, label: Disagree}
  - {value: 2, label: Neither}
  - {value: 3, label: Agree, favourable: true}
- id: yes-no
  title: Yes or no
  points:
  - {value: 0, label: 'No'}
  - {value: 1, label: 'Yes', favourable: true}
items:
- id: q1
  prompt: I am listened to.
  feature: voice
  scale: agree3
- id: q2
  prompt: Doctors sit on the board.
  feature: leadership
  scale: yes-no
  audience: organisation
"""

SURVEY = medengage.Assessment(
    checklist=PULSE,
    trust="RTF",
    date=dt.date(2024, 3, 31),
    title="Pulse 2024",
    respondents=[
        medengage.Respondent(
            id="r1", attributes={"grade": "consultant"}, answers={"q1": 3, "q2": 1}
        ),
        medengage.Respondent(
            id="r2", attributes={"grade": "trainee"}, answers={"q1": 2}
        ),
        medengage.Respondent(id="r3", answers={"q1": 1, "q2": 0}),
    ],
)
SURVEY_TEXT = """\
medengage: 1
kind: Assessment
checklist: {id: pulse, version: 1}
trust: RTF
date: 2024-03-31
title: Pulse 2024
items: [q1, q2]
respondents:
- {id: r1, attributes: {grade: consultant}, answers: 3 1}
- {id: r2, attributes: {grade: trainee}, answers: 2 -}
- {id: r3, answers: 1 0}
"""

SALFORD = medengage.Trust(
    code="RM3",
    names=[
        medengage.TrustName(
            "Salford Royal NHS Foundation Trust", until=dt.date(2021, 3, 31)
        ),
        medengage.TrustName(
            "Northern Care Alliance NHS Foundation Trust", since=dt.date(2021, 4, 1)
        ),
    ],
)
SALFORD_TEXT = """\
medengage: 1
kind: Trust
code: RM3
names:
- name: Salford Royal NHS Foundation Trust
  until: 2021-03-31
- name: Northern Care Alliance NHS Foundation Trust
  since: 2021-04-01
"""

VOICE_TEXT = """\
medengage: 1
kind: EngagementFeature
id: voice
title: Doctors have a voice
summary: Doctors' views shape the decisions that affect their work.
"""

#: Each sample text, with the object it holds.
SAMPLES: dict[str, tuple[str, object]] = {
    "checklist": (PULSE_TEXT, PULSE),
    "assessment": (SURVEY_TEXT, SURVEY),
    "trust": (SALFORD_TEXT, SALFORD),
    "feature": (VOICE_TEXT, VOICE),
}


def large_survey(respondents: int, *, answer: int = 3) -> medengage.Assessment:
    """
    A survey of `PULSE` with many respondents, all answering alike.
    """
    return medengage.Assessment(
        checklist=PULSE,
        trust="RTF",
        date=dt.date(2024, 3, 31),
        respondents=[
            medengage.Respondent(
                id=f"r{index}",
                attributes={"grade": "consultant"},
                answers={"q1": answer, "q2": 1},
            )
            for index in range(respondents)
        ],
    )
