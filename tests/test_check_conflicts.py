"""Conflicts only between aligned statements (issue 12).

Every sentence here is made up for the test (not taken from any evaluation set): each pair
is a kind of wrong conflict a fact-checker reported, or a real one that was missed.
"""

from __future__ import annotations

from crossread.crosscheck.quantities import extract
from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options


def _conflicts(*texts: str) -> list[dict]:
    arts = [Article(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    return check(arts, Options()).to_dict()["conflicts"]


def _values(conflict: dict) -> set[str]:
    return {v["value"] for v in conflict["values"]}


def test_the_same_injured_count_told_differently_conflicts() -> None:
    [c] = _conflicts(
        "At least six people were injured when the bus overturned on the coastal highway near Varna.",
        "At least three people were injured when the bus overturned on the coastal highway.",
    )
    assert _values(c) == {"At least six people", "At least three people"}
    assert c["about"].startswith("people")


def test_compatible_bounds_are_not_a_conflict() -> None:
    assert not _conflicts(
        "At least three people were injured when the bus overturned on the coastal highway.",
        "Five people were injured when the bus overturned on the coastal highway near Varna.",
    )
    assert not _conflicts(
        "Between 18 and 22 hikers were airlifted off the glacier by the mountain rescue team.",
        "The mountain rescue team airlifted 20 hikers off the glacier on Tuesday.",
    )


def test_different_candidates_votes_are_not_a_conflict() -> None:
    assert not _conflicts(
        "In the county race, Alvarez won 4,210 votes to take the council seat.",
        "In the county race, Brennan won 3,880 votes and conceded the council seat.",
    )


def test_an_article_that_states_both_values_tells_two_facts_apart() -> None:
    # two legs of one fall, two doses: one source gives both, the other one of them
    a = (
        "The climber slid 10 metres down the icy gully and then fell about 200 metres "
        "onto the scree slope below."
    )
    b = "The climber fell about 200 metres onto the scree slope below the ridge."
    assert not _conflicts(a, b)
    doses = (
        "Patients took 200 mg of the drug in the morning and 800 mg at night during the trial.",
        "In the trial, patients took 800 mg of the drug at night.",
    )
    assert not _conflicts(*doses)


def test_a_list_pairs_only_on_its_nearest_word() -> None:
    # 10%/7%/2% for three countries: only the figure for the same country is compared
    [c] = _conflicts(
        "Sales of the cereal rose 10% in Spain, 7% in Italy and 2% in France last year.",
        "Sales of the cereal rose 7% in Spain last year, the company said.",
    )
    assert _values(c) == {"10%", "7%"}
    assert [v["articles"] for v in c["values"]] == [["d0"], ["d1"]]
    assert not _conflicts(
        "Sales of the cereal rose 10% in Spain, 7% in Italy and 2% in France last year.",
        "Sales of the cereal rose 2% in France last year, the company said.",
    )


def test_times_of_two_different_robberies_are_not_a_conflict() -> None:
    assert not _conflicts(
        "The first robbery happened at 4:20 p.m. at a pharmacy on Elm Street, police said.",
        "A second robbery happened at 7:30 p.m. at a gas station on Dover Avenue, police said.",
    )


def test_other_is_a_different_set_never_agreed_nor_conflicting() -> None:
    a = "Six vehicles were damaged in the pile-up on the bridge, the fire service said."
    b = "Six other vehicles were damaged in the pile-up on the bridge, the fire service said."
    arts = [Article(id="d0", text=a), Article(id="d1", text=b)]
    d = check(arts, Options()).to_dict()
    assert d["conflicts"] == []
    assert not [f for f in d["facts"] if f["status"] == "agreed" and "vehicle" in f["family"]]


def test_part_of_an_award_is_not_the_whole() -> None:
    assert not _conflicts(
        "The jury ordered the chemical company to pay $12 million to the farmers' families.",
        "The jury ordered the chemical company to pay $4 million in punitive damages to the families.",
    )


def test_counted_noun_is_the_head_of_its_phrase() -> None:
    [q] = extract("Officials said 64 high school rowers were on the lake.", "a", 0)
    assert (q.family, q.modifiers) == ("count:rower", ("high", "school"))
    [q] = extract("Six other vehicles were damaged.", "a", 0)
    assert (q.family, q.modifiers) == ("count:vehicl", ("other",))


def test_exact_counts_are_not_rounded_together() -> None:
    [c] = _conflicts(
        "Lifeguards said 64 swimmers from the rowing club were in the water at the time.",
        "Lifeguards said 62 swimmers from the rowing club were in the water at the time.",
    )
    assert _values(c) == {"64 swimmers", "62 swimmers"}


def test_month_and_day_without_a_year_are_compared() -> None:
    [c] = _conflicts(
        "In an interview published Oct. 12 by the Gazette, the mayor announced her resignation.",
        "The mayor announced her resignation in an interview published by the Gazette on Oct. 14.",
    )
    assert c["family"] == "date"


def test_when_something_was_said_is_not_when_it_happened() -> None:
    assert not _conflicts(
        "The fire at the Marlow warehouse started on Oct. 3, investigators said on Oct. 9.",
        "Investigators said Oct. 5 that the fire at the Marlow warehouse started on Oct. 3.",
    )


def test_ages_of_one_person_conflict_and_distances_written_with_units() -> None:
    [c] = _conflicts(
        "The driver, Tomas Keller, a 34-year-old mechanic from Lyon, was arrested at the scene.",
        "Police arrested the driver, Tomas Keller, a 36-year-old mechanic, at the scene.",
    )
    assert c["family"] == "age"
    [q] = extract("The village lies 30km from the border.", "a", 0)
    assert (q.family, q.base) == ("length", 30000.0)


def test_places_named_for_one_event_conflict_only_at_one_level() -> None:
    [c] = _conflicts(
        "The freight train derailed near a grain elevator in Manitoba early on Tuesday, the rail company said.",
        "The freight train derailed near a grain elevator in Saskatchewan early Tuesday, the rail company said.",
    )
    assert c["family"] == "place:state"
    assert _values(c) == {"Manitoba", "Saskatchewan"}
    # a city and the state it lies in are two levels: never compared
    assert not _conflicts(
        "The freight train derailed near a grain elevator in Manitoba early on Tuesday.",
        "The freight train derailed near a grain elevator in Chicago early on Tuesday.",
    )
    # one square named with and without its city, or misspelled: one place
    assert not _conflicts(
        "The mayor will speak to the marchers in Riverton's Harbour Square on Sunday afternoon.",
        "The mayor will speak to the marchers in Harbour Square on Sunday afternoon.",
    )
    assert not _conflicts(
        "The vigil for the victims was held at St. Agnes Episcopal Church on Friday evening.",
        "The vigil for the victims was held at St. Agnes Episocopal Church on Friday evening.",
    )


def test_a_window_bounds_a_statement_it_does_not_contradict_a_duration() -> None:
    assert not _conflicts(
        "It was the third warehouse fire in the city in two days, officials said.",
        "It was the third warehouse fire in the city in the past 24 hours, officials said.",
    )


def test_a_tally_named_before_its_number_and_an_update_noted() -> None:
    [c] = _conflicts(
        "The death toll from the ferry fire off Sulawesi rose to 14 on Friday, rescuers said.",
        "The death toll from the ferry fire off Sulawesi stood at 9 on Friday, rescuers said.",
    )
    assert _values(c) == {"14", "9"}
    assert c["about"].startswith("death toll")
    assert "may be an update" in c["note"]


def test_an_age_set_after_a_name_is_compared() -> None:
    [c] = _conflicts(
        "Firefighter Dana Okafor, 41, was pulled from the burning warehouse on Pier Road by her crew.",
        "Firefighter Dana Okafor, 44, was pulled from the burning warehouse by her crew, officials said.",
    )
    assert c["family"] == "age"
    assert _values(c) == {"41", "44"}
    ages = [
        q for q in extract("In Boston, 12, 13 and 14 were counted.", "a", 0) if q.family == "age"
    ]
    assert ages == []


def test_a_place_in_a_list_is_stated_too() -> None:
    # one article names both countries where the quake was felt: no conflict with the other
    assert not _conflicts(
        "The quake was felt across the gulf in Qatar and the United Arab Emirates, officials said.",
        "The quake was felt across the gulf in the United Arab Emirates, officials said.",
    )


def test_how_long_is_compared_only_for_the_same_person() -> None:
    assert not _conflicts(
        "The gunman, Ray Tolliver, was fired from the bakery, where Tolliver had worked for 15 years.",
        "Manager Joan Pike, who had worked at the bakery for 37 years, tried to calm Ray Tolliver.",
    )
    [c] = _conflicts(
        "Ray Tolliver had worked at the bakery for 15 years before he was fired, police said.",
        "Ray Tolliver had worked at the bakery for 12 years before he was fired, police said.",
    )
    assert c["family"] == "duration"
