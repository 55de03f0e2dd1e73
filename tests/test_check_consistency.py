"""An article that contradicts itself (issue 12, crossread.crosscheck.consistency): texts
written for these tests, the cases that must be found and the look-alikes that must not."""

from __future__ import annotations

import pytest

from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options

OTHER = "Officials gave no further details on Friday. The investigation continues."


def _found(text: str, published: str | None = None) -> list[dict]:
    arts = [Article(id="a", text=text, published=published), Article(id="b", text=OTHER)]
    return [i for i in check(arts, Options(encoder="tfidf")).to_dict()["inconsistencies"]]


# --------------------------------------------------------------------------- found


def test_a_quotation_printed_two_ways_is_found_with_both_renderings() -> None:
    text = (
        "The senator posted a message on Sunday night.\n\n"
        "We will not stand by while the budget is cut again and again. Our schools deserve a "
        "real partner in the capital — Jane Doe (@janedoe) March 3, 2019\n\n"
        "“Our schools deserve a better partner in the capital,” Doe wrote, adding that she "
        "would vote against the bill."
    )
    [bad] = _found(text)
    assert bad["kind"] == "quote"
    assert "real partner" in bad["explanation"] and "better partner" in bad["explanation"]
    assert len(bad["statements"]) == 2
    assert "real partner" in bad["text"] and "better partner" in bad["text"]


def test_a_surname_spelled_two_ways_is_found() -> None:
    text = (
        "The suspect was identified as Snochia Moseley, 26, of Baltimore County.\n\n"
        "Neighbours said Mosley had worked at the warehouse for a year. Investigators said "
        "Mosley bought the handgun legally."
    )
    [bad] = _found(text)
    assert bad["kind"] == "name"
    assert "Snochia Moseley" in bad["explanation"] and "Mosley" in bad["explanation"]
    assert [s["sentence"] for s in bad["statements"]] == [0, 1]


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        (  # a first name spelled two ways
            "name",
            "Jeffrey Dunn, a teacher at the school, called the police.\n\nPolice said Jeffery "
            "Dunn had seen the man climb the fence.",
            ["Jeffrey Dunn", "Jeffery Dunn"],
        ),
        (  # listed parts against their total
            "total",
            "The council approved a grant of $1.2 million: $500,000 for the library and "
            "$400,000 for the new playground.\n\nWork starts in May.",
            ["900,000", "$1.2 million"],
        ),
        (  # a tally against a later total
            "total",
            "A gunman killed three people and wounded three others at a warehouse on "
            "Thursday.\n\nThe sheriff would not release the names of the seven victims.",
            ["6 victims", "seven victims"],
        ),
        (  # the event's day against the day given for "the time of" it
            "day",
            "Lifeguards launched a mass rescue at the cove Tuesday, pulling 20 students from "
            "the water.\n\nThe chief said the water was about 59 degrees Wednesday, with waves "
            "of four feet at the time of the rescue.",
            ["Tuesday", "Wednesday"],
        ),
        (  # the event dated twice
            "day",
            "The shooting happened early Saturday outside a nightclub on Main Street.\n\n"
            "Police have not named the man killed in Sunday's shooting.",
            ["Saturday", "Sunday"],
        ),
        (  # the event timed twice
            "time",
            "The crash happened at 4:20 a.m. on the northbound lanes of the highway.\n\n"
            "Troopers closed the road for six hours after the 4:50 a.m. crash.",
            ["4:20 a.m.", "4:50 a.m."],
        ),
        (  # one person, two ages
            "number",
            "Maria Lopez, 34, was driving home from work when the bridge gave way.\n\n"
            "Rescuers pulled 35-year-old Maria Lopez from the river an hour later.",
            ["34", "35"],
        ),
        (  # one sentence told twice with another year
            "number",
            "The presenter filmed four series of the cookery programme for the BBC before her "
            "partner died in 1999.\n\nShe lives in London.\n\nThe presenter filmed four "
            "series of the cookery programme for the BBC before her partner died in 1998.",
            ["1999", "1998"],
        ),
    ],
)
def test_a_contradiction_is_found_with_both_values(kind: str, text: str, words: list) -> None:
    [bad] = _found(text)
    assert bad["kind"] == kind
    assert all(w in bad["explanation"] for w in words)
    assert len(bad["statements"]) == (1 if kind == "total" and "grant" in text else 2)


# --------------------------------------------------------------------------- look-alikes


@pytest.mark.parametrize(
    "text",
    [
        # the tally agrees with the total
        "A gunman killed three people and wounded three others on Thursday. The sheriff would "
        "not release the names of the six victims.",
        # "the two victims" are the dead of the tally, not its total
        "A gunman killed two people and wounded three others on Thursday. The two victims "
        "were identified as a cashier and a customer.",
        # a running tally: the later figure is an update
        "A gunman killed three people and wounded three others on Thursday. By Friday the "
        "number of victims had risen: police now count the seven victims.",
        # two different counts of different things
        "The bus carried 40 passengers and 3 crew members. All 40 passengers were taken to "
        "hospital, and the 3 crew members were questioned.",
        # a quoted figure against the reporter's own later figure
        "“Two people were killed in the crash on the old highway near the river bridge,” the "
        "chief said. Three people were killed in the crash on the old highway near the river "
        "bridge, according to the coroner's report released on Friday.",
        # parts introduced by "including" need not add up; a range is not parts
        "The council approved $1.2 million in grants, including $500,000 for the library and "
        "$400,000 for a playground. The offer rose to between $178 million and $184 million.",
        # days that move with the story: the shooting Sunday, the arrest Monday
        "The shooting happened late Sunday outside a bar. Police arrested a suspect in the "
        "shooting on Monday after a tip.",
        # two events of one kind, each on its own day
        "The shooting happened early Saturday outside a nightclub. It was the second shooting "
        "in the area this month; Tuesday's shooting left a man injured.",
        # a hedged time near the other one, and two crashes at two times
        "The crash happened at about 4:20 a.m. on the highway. Troopers closed the road "
        "after the 4:30 a.m. crash.",
        "The crash happened at 4:20 a.m. on the highway. It was the second crash there this "
        "week: the 9 p.m. crash on Monday left two hurt.",
        # a couple with one surname and first names one letter apart
        "Mark Smith and his wife Mary Smith ran the shop for 30 years. Mark Smith said they "
        "would reopen, and Mary Smith said the insurance would pay.",
        # two people with similar surnames and their own first names
        "Judge Ann Kelly read the verdict. Defence lawyer Tom Kelley said he would appeal, "
        "and Kelley added that his client was innocent.",
        # two speakers who say much the same thing are not one quotation printed two ways
        "“We will rebuild the school before the winter comes,” Mayor John Hart said. “We will "
        "rebuild the church before the winter comes,” Bishop Mary Grant said.",
        # a list of figures, one row per day, is a template, not one fact told twice
        "On Monday the shelter served 120 meals to families in the north of the city. On "
        "Tuesday the shelter served 140 meals to families in the north of the city. On "
        "Wednesday the shelter served 160 meals to families in the north of the city.",
        # one person, one age, said twice
        "Maria Lopez, 34, was driving home. Rescuers pulled 34-year-old Maria Lopez from the "
        "river.",
    ],
)
def test_look_alikes_are_not_inconsistencies(text: str) -> None:
    assert _found(text) == []


def test_every_output_shows_both_statements(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crossread.present.sections import check_sections

    text = (
        "Lifeguards launched a mass rescue at the cove Tuesday, pulling 20 students from the "
        "water.\n\nThe chief said the water was about 59 degrees Wednesday, with waves of four "
        "feet at the time of the rescue."
    )
    arts = [Article(id="a", text=text), Article(id="b", text=OTHER)]
    report = check(arts, Options(encoder="tfidf"))
    [conflicts] = [s for s in check_sections(report) if s.key == "conflicts"]
    [item] = [i for i in conflicts.items if "contradicts itself" in "".join(map(str, i.line))]
    assert [e.sentence for e in item.evidence] == [0, 1]
    assert "Tuesday" in item.evidence[0].text and "Wednesday" in item.evidence[1].text
