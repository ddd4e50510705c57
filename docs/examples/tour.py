"""
A tour of medengage: what the bundled catalogue holds, and how a survey
looks as data.

Run it from the root of a checkout, once medengage is installed:

    .venv/bin/python docs/examples/tour.py

It opens the catalogue that ships inside the package; shows the trusts with
their names over time, the engagement features, and the self-assessment
checklist; then looks inside the latest example survey of the fictional
trust, scores its surveys year by year, and writes the latest out as a YAML
document and reads it back.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter

import medengage
from medengage import (
    Assessment,
    Audience,
    Catalogue,
    Checklist,
    FeatureStatus,
    ResponseScale,
    Score,
    Trust,
)


def main() -> None:
    catalogue = medengage.catalogue()
    heading("The catalogue")
    print(f"Source: {catalogue.source}")
    print(
        f"{len(catalogue.trusts)} trusts, {len(catalogue.features)} features, "
        f"{len(catalogue.case_studies)} case studies, "
        f"{len(catalogue.checklists)} checklist(s), "
        f"{len(catalogue.assessments)} example assessments"
    )
    show_trusts(catalogue)
    show_features(catalogue)
    checklist = catalogue.checklist("medical-engagement-self-assessment")
    show_checklist(checklist)
    heading("Example assessments")
    for assessment in catalogue.assessments:
        print(
            f"{assessment.date.isoformat()}  {assessment.trust}  "
            f"{assessment.title:<36} {len(assessment.respondents):>4} respondents"
        )
    latest = catalogue.assessments[-1]
    show_assessment(latest, catalogue.trusts[latest.trust])
    show_scores(catalogue, latest.trust)
    show_strategies(latest)
    show_breakdown(catalogue.assessments[0], "grade")
    show_round_trip(latest, catalogue)


def show_trusts(catalogue: Catalogue) -> None:
    heading("Trusts and their names over time")
    for trust in catalogue.trusts.values():
        studied = "  [case study]" if trust.code in catalogue.case_studies else ""
        print(f"{trust.code}  {trust.name}{studied}")
        if len(trust.names) > 1:
            for held in trust.names:
                print(f"       {held_between(held.since, held.until):<26} {held.name}")
        if trust.closed is not None:
            print(f"       closed {trust.closed.isoformat()}")
        for succession in trust.succeeded_by:
            print(f"       succeeded by {succession}")


def held_between(since: dt.date | None, until: dt.date | None) -> str:
    """
    The dates a name was held, as a short phrase.
    """
    if since is None:
        return f"until {until}"
    if until is None:
        return f"since {since}"
    return f"{since} to {until}"


def show_features(catalogue: Catalogue) -> None:
    heading("Engagement features")
    for status, said in [
        (FeatureStatus.ESTABLISHED, "Established in all four exemplar trusts"),
        (FeatureStatus.STILL_TO_DO, "Still to do, as the trusts saw it"),
        (FeatureStatus.GAUGING_CULTURE, "Advised for gauging your own culture"),
        (FeatureStatus.BEYOND_DOCTORS, "Engagement beyond doctors"),
        (FeatureStatus.FUTURE_CHALLENGE, "A challenge ahead"),
    ]:
        features = [f for f in catalogue.features.values() if f.status is status]
        print(f"{said} ({len(features)}):")
        for feature in features:
            print(f"  {feature.id:<26} {feature.title}")


def show_checklist(checklist: Checklist) -> None:
    heading(str(checklist))
    if checklist.source is not None:
        print(f"Based on: {checklist.source}")
    if checklist.notes:
        print(textwrap.fill(checklist.notes, width=78))
    print(
        f"{len(checklist.items)} items on {len(checklist.features)} features, "
        f"answered on {len(checklist.scales)} scales"
    )
    print("\nScales:")
    for scale in checklist.scales:
        print(f"  {scale.id}: {scale.title}")
        print(f"    {describe_points(scale)}")
    print("\nItems by feature (audience, scale):")
    for feature in checklist.features:
        print(f"\n  {feature.title}")
        for item in checklist.items_for(feature.id):
            notes = [item.audience.value, item.scale]
            if item.reverse:
                notes.append("reverse-scored")
            if item.weight != 1:
                notes.append(f"weight {item.weight:g}")
            print(f"    {item.id} ({', '.join(notes)})")
            print(
                textwrap.fill(
                    item.prompt,
                    width=78,
                    initial_indent=" " * 6,
                    subsequent_indent=" " * 6,
                )
            )


def describe_points(scale: ResponseScale) -> str:
    """
    The points of *scale* on one line, favourable ones marked with ``+``.
    """
    return " | ".join(
        f"{point.token} {point.label}{' +' if point.favourable else ''}"
        for point in scale.points
    )


def show_assessment(assessment: Assessment, trust: Trust) -> None:
    heading(f"The latest example assessment: {assessment.title or 'untitled'}")
    print(f"Trust:     {trust.name_on(assessment.date) or trust.name}, {trust.code}")
    print(f"Closed on: {assessment.date.isoformat()}")
    print(f"Checklist: {assessment.checklist}")
    respondents = assessment.respondents
    print(f"{len(respondents)} respondents")
    for attribute in sorted({name for r in respondents for name in r.attributes}):
        groups = Counter(
            r.attributes.get(attribute, medengage.NOT_STATED) for r in respondents
        )
        print(f"\nRespondents by {attribute}:")
        for group, count in sorted(groups.items()):
            print(f"  {group:<24} {count:>5}")
    show_answers(assessment, Audience.ORGANISATION, shown=3)
    show_answers(assessment, Audience.INDIVIDUAL, shown=6)


def show_answers(assessment: Assessment, audience: Audience, shown: int) -> None:
    """
    How the first *shown* items for *audience* were answered, counting as
    missing only among the respondents who answered some item for that
    audience.
    """
    checklist = assessment.checklist
    items = [item for item in checklist.items if item.audience is audience]
    answering = [
        respondent
        for respondent in assessment.respondents
        if any(item.id in respondent.answers for item in items)
    ]
    people = "respondent" if len(answering) == 1 else "respondents"
    print(
        f"\n{audience.value.capitalize()} items ({shown} of {len(items)}), "
        f"answered by {len(answering)} {people}; answers by scale value:"
    )
    for item in items[:shown]:
        given = [r.answers[item.id] for r in answering if item.id in r.answers]
        missing = 1 - len(given) / len(answering) if answering else 0.0
        counts = Counter(given)
        spread = " ".join(
            f"{point.token}:{counts[point.value]}"
            for point in checklist.scale(item.scale).points
        )
        print(
            f"  {item.id:<28} {len(given):>4} answered, "
            f"{missing:5.1%} missing  ({spread})"
        )


def show_scores(catalogue: Catalogue, trust: str) -> None:
    heading(f"Scores of {trust}, year by year (strategy 'mean', 0 to 100)")
    assessments = catalogue.assessments_of(trust)
    results = [medengage.score(a, a.checklist) for a in assessments]
    print(f"{'':<26}" + "".join(f"{a.date.year:>8}" for a in assessments))
    print(f"{'overall':<26}" + "".join(f"{as_text(r.overall):>8}" for r in results))
    for feature in assessments[-1].checklist.features:
        scores = [r.features[feature.id] for r in results]
        print(f"{feature.id:<26}" + "".join(f"{as_text(s):>8}" for s in scores))
    bands = ", ".join(
        f"{a.date.year} {r.overall.band or '-'}"
        for a, r in zip(assessments, results, strict=True)
    )
    print(f"Overall band (journey stages): {bands}")


def show_strategies(assessment: Assessment) -> None:
    heading(f"The {assessment.date.year} survey scored by each built-in strategy")
    names = ("mean", "staff-survey", "percent-positive", "weighted")
    results = [
        medengage.score(assessment, assessment.checklist, name) for name in names
    ]
    print(f"{'':<26}" + "".join(f"{name:>18}" for name in names))
    print(
        f"{'range':<26}" + "".join(f"{f'{r.low:g} to {r.high:g}':>18}" for r in results)
    )
    print(f"{'overall':<26}" + "".join(f"{as_text(r.overall):>18}" for r in results))
    for feature in assessment.checklist.features:
        scores = [r.features[feature.id] for r in results]
        print(f"{feature.id:<26}" + "".join(f"{as_text(s):>18}" for s in scores))


def show_breakdown(assessment: Assessment, by: str) -> None:
    heading(
        f"The {assessment.date.year} survey by {by} (strategy 'mean'; "
        "fewer than 11 respondents are withheld)"
    )
    result = medengage.breakdown(assessment, assessment.checklist, by)
    groups = list(result.groups.items())
    # The library's table aligns every row with its header.
    print(result.table().text())
    withheld = [name for name, group in groups if group.overall.withheld]
    print(f"Withheld overall: {', '.join(withheld) or 'none'}")


def as_text(score: Score) -> str:
    """
    A score to one decimal place, or why there is none.
    """
    if score.withheld:
        return "withheld"
    return "-" if score.value is None else f"{score.value:.1f}"


def show_round_trip(assessment: Assessment, catalogue: Catalogue) -> None:
    heading("The assessment as a YAML document")
    text = medengage.dumps(assessment)
    lines = text.splitlines()
    for line in lines[:10]:
        print(f"  {line if len(line) <= 76 else line[:72] + ' ...'}")
    print(f"  ... {len(lines)} lines, {len(text.encode('utf-8'))} bytes in all")
    again = medengage.loads(text, Assessment, checklists=catalogue.checklists)
    print(
        f"\nRound trip: loads(dumps(assessment)) == assessment: {again == assessment}"
    )


def heading(title: str) -> None:
    print(f"\n{title}\n{'=' * len(title)}")


if __name__ == "__main__":
    main()
