"""Who copied whom (issue 12), on texts written for these tests: an article that IS the
statement another quotes is its source, never its copy; two rewrites of one release are a
common source, not copies of each other; the same facts in other words are no reuse;
direction from dates, credits ("the Riverside Courier reported", "told The Associated
Press") and wire tags; a credited paraphrase is a copy."""

from __future__ import annotations

from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options

BLOG = [
    "Today we are announcing that our Riverside assembly plant will close at the end of March "
    "after forty-one years of continuous production.",
    "Demand for the compact washing machines built there has fallen by more than half since "
    "the pandemic, and the line has run at a loss for three straight years.",
    "Every one of the 340 employees at the plant will be offered a position at our Dayton "
    "facility or a severance package of at least six months of pay.",
    "We are deeply grateful to the Riverside team for decades of craftsmanship and loyalty, "
    "and we will work with the city to find a new tenant for the building.",
]


def _derived(articles: list[Article]) -> list[dict]:
    d = check(articles, Options()).to_dict()
    return [r for r in d["reuse"] if r["kind"] != "not"]


def _pair(found: list[dict], a: str, b: str) -> dict | None:
    return next((r for r in found if {r["article"], r["source"]} == {a, b}), None)


def test_the_statement_quoted_at_length_is_the_source_never_the_copy() -> None:
    blog = Article(id="blog", text="\n\n".join(BLOG), title="An update on our Riverside plant")
    block = Article(
        id="news",
        text="\n\n".join(
            [
                "Hartwell Appliances will shut its Riverside factory this spring, ending one of "
                "the town's oldest manufacturing traditions.",
                "The company made the announcement on its corporate blog on Tuesday morning, "
                "hours before workers were told at a shift meeting. It wrote:",
                *BLOG,
                "Union steward Dana Pruitt said workers had heard rumours for months but were "
                "still stunned by the timing.",
                "Mayor Luis Ortega called the closure a blow and promised help for families.",
            ]
        ),
    )
    quoted = Article(
        id="quoting",
        text="\n\n".join(
            [
                "Hartwell Appliances will shut its Riverside factory this spring, the company "
                "said, ending one of the town's oldest manufacturing traditions.",
                "In a blog post on Tuesday the company wrote: “" + BLOG[0],
                "“" + " ".join(BLOG[1:3]),
                "“" + BLOG[3] + "”",
                "Workers learned of the decision at a shift meeting, and several said they "
                "would look for work closer to home rather than move to Ohio.",
            ]
        ),
    )
    for news in (block, quoted):
        found = _derived([blog, news])
        assert not [r for r in found if r["article"] == "blog"], found
        assert not [r for r in found if r["kind"] == "wholly"], found


def test_two_rewrites_of_one_release_are_a_common_source() -> None:
    release = [
        "The Department of Transportation will close the Elm Street bridge for eight weeks "
        "starting June 3 to replace its deck and repair the steel girders underneath.",
        "Drivers will be detoured along Route 9 and Hollis Avenue, and the department expects "
        "delays of up to twenty minutes during the morning and evening rush.",
        "Pedestrians and cyclists will be able to use a temporary walkway on the north side of "
        "the bridge for the entire length of the project.",
        "The $12 million project is paid for by a federal infrastructure grant awarded to the "
        "county last year after two failed inspections.",
        "Residents with questions can call the project hotline or sign up for text alerts on "
        "the department website.",
    ]
    rel = Article(id="release", text="\n\n".join(release), published="2026-05-20")
    a = Article(
        id="gazette",
        text="\n\n".join(
            [
                "Commuters in Millbrook should brace for a long summer of detours and delays.",
                "The bridge carries about 14,000 cars a day between downtown and the east side.",
                release[0],
                release[1],
                release[3],
                "Local shop owners worry the detour will keep customers away for most of July.",
                "The owner of the Elm Street bakery said she would stay open every day.",
            ]
        ),
        published="2026-05-21",
    )
    b = Article(
        id="herald",
        text="\n\n".join(
            [
                "Drivers who cross the river to get to work will need a new route next month.",
                "City council members learned of the schedule at a briefing on Monday night.",
                release[0],
                release[1],
                release[2],
                release[3],
                "The bridge last had major work in 1998, when its railings were replaced.",
                "Council member Ruth Abara asked the department to post signs a week early.",
            ]
        ),
        published="2026-05-22",
    )
    found = _derived([rel, a, b])
    between = _pair(found, "gazette", "herald")
    assert between is not None and between["relation"] == "common", found
    for rewrite in ("gazette", "herald"):
        r = _pair(found, rewrite, "release")
        assert r is not None and r["relation"] == "copy", found
        assert (r["article"], r["source"]) == (rewrite, "release")


def test_the_same_facts_in_other_words_are_not_reuse() -> None:
    a = Article(
        id="a",
        text=(
            "A fire tore through a three-storey apartment building on Maple Avenue early on "
            "Sunday, forcing about forty residents into the street in their pyjamas.\n\n"
            "Fire chief Ray Dorsey said the blaze started in a ground-floor kitchen shortly "
            "after 2 a.m. and spread to the roof within half an hour.\n\n"
            "Two people were taken to hospital with smoke inhalation; neither was badly hurt.\n\n"
            "The Red Cross opened a shelter at the Lincoln school gym for displaced families."
        ),
    )
    b = Article(
        id="b",
        text=(
            "Some forty people had to flee their homes on Sunday morning when flames engulfed "
            "an apartment block on Maple Avenue.\n\n"
            "According to Chief Ray Dorsey, the fire broke out in a kitchen on the first floor "
            "around 2 a.m. and had reached the roof about thirty minutes later.\n\n"
            "Paramedics treated two residents for breathing in smoke and took them to the "
            "hospital, but their injuries were minor.\n\n"
            "Families who lost their homes are staying in a Red Cross shelter set up in the gym "
            "of Lincoln school."
        ),
    )
    assert _derived([a, b]) == []


STORY = [
    "A retired teacher in Millbrook has spent eleven years restoring a 1931 biplane in her "
    "barn, and on Saturday she finally flew it over the town.",
    "Marjorie Keane, 74, bought the wreck at an auction in 2015 for $900 after it had sat in "
    "a field for decades with its wings folded and its engine seized.",
    "She rebuilt the engine with parts ordered from collectors in three countries and sewed "
    "the fabric for the wings herself on an old sewing machine.",
    "More than two hundred neighbours gathered at the grass strip behind the feed store to "
    "watch the ten-minute flight.",
]


def test_direction_from_a_credit_to_the_reporters_outlet() -> None:
    """The rewrite names the original's outlet, known here only from its reporter's e-mail
    address; the rewrite paraphrases it, so it is a copy even without long shared runs."""
    original = Article(
        id="courier",
        text="\n\n".join(STORY),
        removed=("Reach Tom Lind at tlind@riversidecourier.com.",),
    )
    rewrite = Article(
        id="roundup",
        text=(
            "A 74-year-old former schoolteacher flew a 1931 biplane over Millbrook on "
            "Saturday after restoring it in her barn for eleven years, the Riverside Courier "
            "reported.\n\n"
            "Keane paid $900 for the wreck at a 2015 auction; it had sat for decades in a "
            "field, its engine seized and wings folded.\n\n"
            "Over two hundred neighbours gathered behind the feed store at the grass strip to "
            "see the flight, which lasted ten minutes.\n\n"
            "It is not clear whether she plans to fly it again."
        ),
    )
    found = _derived([original, rewrite])
    r = _pair(found, "courier", "roundup")
    assert r is not None and (r["article"], r["source"]) == ("roundup", "courier"), found
    assert r["direction"] == "cue" and "Riverside Courier reported" in r["cue"]


def test_the_wire_story_is_the_source_of_the_paper_that_reuses_it() -> None:
    wire = Article(
        id="ap",
        text="MILLBROOK, Ohio (AP) — "
        + "\n\n".join(
            [
                *STORY[:3],
                "“I never doubted it would fly,” Keane told The Associated Press after landing.",
            ]
        ),
    )
    paper = Article(
        id="paper",
        text="\n\n".join(
            [
                *STORY[:3],
                "“I never doubted it would fly,” Keane told The Associated Press after landing.",
                "Keane taught science at Millbrook High School for thirty years.",
                "Her former students organised a picnic at the airstrip after the flight.",
                "The Millbrook Historical Society plans to display the plane in the autumn.",
            ]
        ),
        outlet="Millbrook Gazette",
    )
    found = _derived([wire, paper])
    r = _pair(found, "ap", "paper")
    assert r is not None and (r["article"], r["source"]) == ("paper", "ap"), found
    # without the wire's dateline: the paper says whose reporting it prints ("told The
    # Associated Press"); that is not the paper's own outlet, so the wire story is the source
    plain = Article(id="ap", text=wire.text.removeprefix("MILLBROOK, Ohio (AP) — "))
    for order in ([plain, paper], [paper, plain]):
        r = _pair(_derived(order), "ap", "paper")
        assert r is not None and (r["article"], r["source"]) == ("paper", "ap"), order
        assert r["direction"] == "cue" and "told The Associated Press" in r["cue"]
    # dates, when both are known, decide
    early = Article(id="paper", text=paper.text, outlet=paper.outlet, published="2026-05-01")
    late = Article(id="ap", text=wire.text, published="2026-05-02")
    r = _pair(_derived([late, early]), "ap", "paper")
    assert r is not None and (r["article"], r["source"]) == ("ap", "paper")


def test_the_press_release_is_the_source_of_the_story_that_rewrites_it() -> None:
    release = Article(
        id="release",
        text="\n\n".join(
            [
                *STORY,
                "The Millbrook Aviation Museum will host an open day at the airstrip on June 14.",
                "Media contact: Jo Park, Millbrook Aviation Museum, 555-0142",
            ]
        ),
    )
    news = Article(
        id="news",
        text="\n\n".join(
            [
                "Residents of Millbrook had an unusual sight over the weekend.",
                *STORY,
                "Keane said she had no plans to sell the plane.",
            ]
        ),
    )
    for order in ([release, news], [news, release]):
        r = _pair(_derived(order), "release", "news")
        assert r is not None and (r["article"], r["source"]) == ("news", "release")
        assert r["direction"] == "release"


def test_two_rewrites_of_an_absent_statement_are_a_common_source() -> None:
    """Neither prints the police statement itself, but both pass on its sentences as the
    police's account: a common source, not one copying the other."""
    told = [
        "Police said the driver lost control of the truck on the icy ramp shortly after "
        "6 a.m. and struck a concrete barrier before rolling onto its side.",
        "The driver, a 52-year-old man from Dover, was taken to Mercy Hospital with injuries "
        "that were not life-threatening, according to police.",
        "Police said about 300 gallons of diesel leaked onto the road and crews from the "
        "state environmental agency were called to contain the spill.",
    ]
    a = Article(
        id="a",
        text="\n\n".join(
            [
                "The morning commute on Interstate 95 turned into a crawl on Tuesday.",
                *told,
                "Traffic was backed up for nearly five miles at the height of the closure.",
                "The ramp reopened just before noon.",
            ]
        ),
    )
    b = Article(
        id="b",
        text="\n\n".join(
            [
                "A tanker truck overturned near the Exit 14 ramp in Dover on Tuesday.",
                "Drivers were urged to avoid the area for much of the morning.",
                *told,
                "It was the third crash on the ramp this winter, residents said.",
            ]
        ),
    )
    r = _pair(_derived([a, b]), "a", "b")
    assert r is not None and r["relation"] == "common" and r["direction"] == "unclear"


def test_an_embedded_post_is_the_source_never_the_copy() -> None:
    caption = [
        "Eleven years, four thousand hours and one very patient husband later, she flies!",
        "Thank you to everyone in Millbrook who came out to the strip behind the feed store "
        "this morning to cheer on our little yellow biplane.",
    ]
    post = Article(id="post", text="\n\n".join(caption))
    for signature in (
        "A post shared by Marjorie Keane (@flyingmarjorie) on May 3, 2026 at 9:12am PDT",
        "— Marjorie Keane (@flyingmarjorie) May 3, 2026",
    ):
        news = Article(
            id="news",
            text="\n\n".join(
                [
                    "A retired teacher flew the biplane she spent eleven years restoring over "
                    "Millbrook on Saturday, and she celebrated on social media afterwards.",
                    " ".join(caption),
                    signature,
                    "Keane, 74, bought the wreck at an auction in 2015 for $900.",
                    "She said she would take her grandchildren up next month.",
                ]
            ),
        )
        found = _derived([post, news])
        assert not [r for r in found if r["article"] == "post"], (signature, found)
