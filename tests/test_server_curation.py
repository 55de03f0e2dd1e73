"""Curation, search and pasted-article details through the real app's JSON API and pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from test_stories import STORIES  # noqa: E402

from crossread.server.app import create_app  # noqa: E402

BASE = "http://127.0.0.1"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "s.db"), base_url=BASE) as c:
        for name, texts in STORIES.items():
            for i, text in enumerate(texts):
                title, body = text.split("\n\n", 1)
                r = c.post(
                    "/api/articles",
                    data={
                        "text": body,
                        "title": title,
                        "outlet": f"{name.title()} Herald",
                        "published": f"2024-03-0{i + 1}",
                        "url": f"https://news.example/{name}/{i}",
                    },
                )
                assert r.status_code == 200, r.text
        yield c


def stories(c: TestClient, q: str = "") -> dict[str, dict]:
    return {s["id"]: s for s in c.get("/api/stories", params={"q": q}).json()["stories"]}


def sources(c: TestClient, story_id: str) -> list[tuple[int, str]]:
    return [(a["n"], a["id"]) for a in c.get(f"/api/stories/{story_id}").json()["articles"]]


def find(c: TestClient, word: str) -> str:
    (sid,) = stories(c, word)
    return sid


def test_pasted_outlet_date_and_url_are_kept(client: TestClient) -> None:
    sid = find(client, "panda")
    story = stories(client)[sid]
    assert story["outlets"] == ["Pandas Herald"]
    assert (story["first_seen"], story["last_seen"]) == ("2024-03-01", "2024-03-03")
    art = client.get(f"/api/stories/{sid}").json()["articles"][0]
    assert art["url"] == "https://news.example/pandas/0" and art["published"] == "2024-03-01"
    bad = client.post("/api/articles", data={"text": STORIES["bridge"][0], "published": "soon"})
    # every input answered on its own: nothing added, the reason given (see the API contract)
    assert bad.status_code == 200 and bad.json()["added"] == []
    assert "date 'soon' not understood" in bad.json()["errors"][0]


def test_merge_split_move_rename_delete_through_the_api(client: TestClient) -> None:
    pandas, election, bridge = find(client, "panda"), find(client, "Sand"), find(client, "Lakeford")
    numbers = sources(client, pandas)
    r = client.post(f"/api/stories/{pandas}/merge", json={"stories": [election]})
    assert r.status_code == 200 and r.json()["story"] == pandas and r.json()["size"] == 6
    assert sources(client, pandas)[:3] == numbers  # the survivor's numbers do not change
    assert election not in stories(client)

    leaving = [a for _, a in sources(client, pandas)[3:]]
    r = client.post(f"/api/stories/{pandas}/split", json={"articles": leaving})
    new = r.json()["story"]
    assert r.status_code == 200 and new != pandas
    assert [a for _, a in sources(client, new)] == leaving
    assert [n for n, _ in sources(client, new)] == [1, 2, 3]

    r = client.patch(f"/api/stories/{new}", json={"title": "Norland’s government falls"})
    assert r.json()["title"] == "Norland’s government falls"
    assert find(client, "norland’s government") == new  # the title is searchable at once

    r = client.post(f"/api/stories/{bridge}/move", json={"article": leaving[0]})
    assert r.status_code == 200 and r.json()["size"] == 4
    assert sources(client, bridge)[-1] == (4, leaving[0])

    assert client.delete(f"/api/articles/{leaving[0]}").json()["size"] == 3
    assert client.delete(f"/api/stories/{new}").status_code == 200
    assert set(stories(client)) == {pandas, bridge}

    # refusals are one-line errors
    r = client.post(f"/api/stories/{pandas}/split", json={"articles": ["not-there"]})
    assert r.status_code == 409 and "not-there" in r.json()["error"]
    assert client.post("/api/stories/nosuch/merge", json={"stories": [pandas]}).status_code == 404


def test_edit_page_forms_change_the_story(client: TestClient) -> None:
    pandas = find(client, "panda")
    page = client.get(f"/stories/{pandas}/edit", headers={"accept": "text/html"})
    assert page.status_code == 200 and "Split ticked articles" in page.text
    r = client.post(
        f"/stories/{pandas}/edit/rename", data={"title": "Twin pandas"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"/stories/{pandas}"
    assert stories(client)[pandas]["title"] == "Twin pandas"
    one = sources(client, pandas)[0][1]
    r = client.post(
        f"/stories/{pandas}/edit/split", data={"articles": [one]}, follow_redirects=False
    )
    new = r.headers["location"].rsplit("/", 1)[1]
    assert [a for _, a in sources(client, new)] == [one]
    # a refused change comes back to the edit page (POST, redirect, GET) with the reason, once
    r = client.post(f"/stories/{pandas}/edit/split", data={}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/stories/{pandas}/edit"
    page = client.get(r.headers["location"], headers={"accept": "text/html"})
    assert page.status_code == 200 and "tick the articles" in page.text
    again = client.get(r.headers["location"], headers={"accept": "text/html"})
    assert "tick the articles" not in again.text  # said once, not on every later visit
    r = client.post(f"/stories/{pandas}/edit/merge", data={"other": "nosuch"})
    assert r.status_code == 200 and "nosuch" in r.text and r.url.path.endswith("/edit")
    assert client.post("/stories/nosuch/edit/merge", data={"other": pandas}).status_code == 404
    # deleting a story takes a ticked confirmation: without it, nothing is deleted
    r = client.post(f"/stories/{new}/edit/delete", data={})
    assert r.url.path == f"/stories/{new}/edit" and "Yes, delete" in r.text
    assert new in stories(client)
    r = client.post(f"/stories/{new}/edit/delete", data={"confirm": "yes"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/" and new not in stories(client)


def test_one_title_everywhere_and_numbers_stay_when_an_article_is_pasted(
    client: TestClient,
) -> None:
    pandas = find(client, "panda")
    title = stories(client)[pandas]["title"]
    assert title in {t.split("\n\n")[0] for t in STORIES["pandas"]}
    numbers = sources(client, pandas)
    lede = (
        "The two giant panda cubs born at the Vellmar zoo on Sunday are healthy and feeding well, "
        "keeper Tomas Ruiz said on Tuesday, adding that the zoo's veterinarians weigh the twins "
        "every morning and that mother Mei Lan has not left them alone since the birth, which was used by"
    )
    r = client.post("/api/articles", data={"text": lede + " the zoo to launch an appeal."})
    assert r.status_code == 200 and r.json()["added"][0]["story"] == pandas
    detail = client.get(f"/api/stories/{pandas}").json()
    assert stories(client)[pandas]["title"] == detail["story"]["title"] == title
    assert detail["brief"]["story"]["title"] == title
    page = client.get(f"/stories/{pandas}", headers={"accept": "text/html"}).text
    assert f"<h1>{title}</h1>" in page
    after = sources(client, pandas)
    assert after[: len(numbers)] == numbers and after[-1][0] == len(numbers) + 1


def test_the_same_text_again_names_the_stored_article_and_fills_in_its_date(
    client: TestClient,
) -> None:
    sid = find(client, "Lakeford")
    n, stored = sources(client, sid)[0]
    text = client.get(f"/api/articles/{stored}").json()["text"]
    # pasted again, with details; and sent again through the bulk API
    r = client.post("/api/articles", data={"text": text, "outlet": "Other Post"}).json()
    (again,) = r["added"]
    assert again["duplicate"] and again["id"] == stored and again["story"] == sid
    assert client.get(f"/api/articles/{again['id']}").status_code == 200  # a real article
    body = json.dumps({"text": text, "id": "another-name"})
    bulk = client.post(
        "/api/articles/bulk", content=body, headers={"content-type": "application/x-ndjson"}
    ).json()
    assert [(x["status"], x["id"]) for x in bulk["results"]] == [("duplicate", stored)]
    assert sources(client, sid)[0] == (n, stored)  # nothing renumbered
