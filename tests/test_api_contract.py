"""The HTTP API keeps its contract: the served OpenAPI schema, checked by an independent
schema-driven client (schemathesis, every check) and followed by a plain HTTP client.

The real app runs on 127.0.0.1 (uvicorn) over a real SQLite file, holding the example story.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, example_dir: Path) -> Iterator[str]:
    import uvicorn

    from crossread.server.app import create_app
    from crossread.server.config import ServeOptions

    db = tmp_path_factory.mktemp("contract") / "stories.db"
    # no background briefs: the fuzzer's many small stories would keep a core busy
    app = create_app(db, ServeOptions(warm_after_add=False))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    files = [("files", (p.name, p.read_bytes())) for p in sorted(example_dir.glob("*.txt"))]
    added = httpx.post(f"{url}/api/articles", files=files, timeout=120).json()["added"]
    assert len(added) == 5
    yield url
    server.should_exit = True
    thread.join(timeout=10)


def _pointer(doc: Any, pointer: str) -> Any:
    """Resolve a JSON pointer ("/added/0/id")."""
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def _operation(spec: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if op.get("operationId") == operation_id:
                return method.upper(), path, op
    raise AssertionError(f"{operation_id} is not in the schema")


def _required(spec: dict[str, Any], ref: str) -> list[str]:
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]].get("required", [])


def test_a_client_that_knows_only_the_schema_adds_articles_and_reads_their_story(
    base: str,
) -> None:
    """Add an article, then follow the schema's links from the answer to the article and to
    its story; every step is taken from /api/openapi.json, nothing from this code base."""
    client = httpx.Client(base_url=base, timeout=120)
    spec = client.get("/api/openapi.json").json()
    method, path, op = _operation(spec, "add_articles")
    assert "multipart/form-data" in op["requestBody"]["content"]
    text = (HERE / "data" / "related_article.txt").read_text(encoding="utf-8")
    answer = client.request(method, path, files={"files": ("related.txt", text.encode())})
    assert str(answer.status_code) in op["responses"]
    body = answer.json()
    ok = op["responses"]["200"]
    assert set(_required(spec, ok["content"]["application/json"]["schema"]["$ref"])) <= set(body)
    links = ok["links"]
    assert {"get_article", "get_story"} <= set(links)
    for link in links.values():
        l_method, l_path, l_op = _operation(spec, link["operationId"])
        url = l_path
        for name, expr in link["parameters"].items():
            value = _pointer(body, expr.removeprefix("$response.body#"))
            url = url.replace("{" + name + "}", httpx.URL("/" + value).raw_path.decode()[1:])
        got = client.request(l_method, url)
        assert got.status_code == 200, (url, got.text[:200])
        schema = l_op["responses"]["200"]["content"]["application/json"]["schema"]
        assert set(_required(spec, schema["$ref"])) <= set(got.json())
    s_method, s_path, _ = _operation(spec, "get_story")
    story = client.request(s_method, s_path.replace("{story_id}", body["added"][0]["story"]))
    story = story.json()
    # the article joined the example story: six sources, each with its number
    assert len(story["articles"]) == 6 and all(a["n"] for a in story["articles"])
    assert story["brief"]["summary"]


def test_bulk_ingest_of_1000_lines_stores_999_and_reports_the_bad_one(base: str) -> None:
    client = httpx.Client(base_url=base, timeout=600)
    spec = client.get("/api/openapi.json").json()
    method, path, op = _operation(spec, "add_articles_bulk")
    media = next(iter(op["requestBody"]["content"]))
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
        "kilo",
        "lima",
    ]
    lines = []
    for i in range(1000):
        # distinct texts: each names its own town, count and day
        town = "".join(words[(i >> k) % 12].title() for k in (0, 3, 6))
        lines.append(
            json.dumps(
                {
                    "title": f"Flood warning for {town}",
                    "text": f"Officials in {town} issued a flood warning on day {i} after "
                    f"{i + 3} millimetres of rain fell overnight, and residents of {town} were "
                    "told to move cars away from the river and to check on elderly neighbours.",
                    "outlet": f"Gazette {i % 7}",
                    "published": f"2024-05-{1 + i % 28:02d}",
                }
            )
        )
    lines[500] = '{"title": "broken line", "text": '  # invalid JSON
    body = ("\n".join(lines) + "\n").encode()

    def chunks() -> Iterator[bytes]:  # sent as it is made: the server reads it as it comes
        for k in range(0, len(body), 64 * 1024):
            yield body[k : k + 64 * 1024]

    t = time.perf_counter()
    r = client.request(method, path, content=chunks(), headers={"content-type": media})
    elapsed = time.perf_counter() - t
    assert r.status_code == 200, r.text[:300]
    out = r.json()
    assert out["lines"] == 1000 and out["added"] == 999 and out["failed"] == 1, {
        k: v for k, v in out.items() if k != "results"
    }
    [bad] = [x for x in out["results"] if x["status"] == "error"]
    assert bad["line"] == 501 and "JSON" in bad["error"]
    stored = {x["id"] for x in out["results"] if x["status"] == "added"}
    assert len(stored) == 999
    one = sorted(stored)[0]
    assert client.get(f"/api/articles/{one}").status_code == 200
    print(f"bulk: 1,000 lines in {elapsed:.1f} s")


def test_every_error_has_one_shape_and_405_names_the_allowed_methods(base: str) -> None:
    client = httpx.Client(base_url=base, timeout=60)
    for method, url in [
        ("GET", "/api/stories/nope"),
        ("GET", "/api/stories?limit=0"),
        ("TRACE", "/api/stories"),
        ("POST", "/api/articles/bulk"),  # no JSON Lines media type: 415
    ]:
        r = client.request(method, url)
        assert r.status_code >= 400
        assert set(r.json()) == {"error", "details"} and isinstance(r.json()["details"], list)
    r = client.request("TRACE", "/api/stories")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    r = client.post("/api/articles", data={"text": "x", "color": "red"})
    assert r.status_code == 422 and "color" in r.json()["details"][0]
    spec = client.get("/api/openapi.json").json()
    text = json.dumps(spec)
    assert "HTTPValidationError" not in text and "ErrorOut" in text
    for methods in spec["paths"].values():
        for op in methods.values():  # every operation says what its errors look like
            assert "500" in op["responses"], op["operationId"]
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorOut")
    for name in ("list_stories", "list_story_articles"):  # every list is paged
        params = {p["name"] for p in _operation(spec, name)[2]["parameters"]}
        assert {"limit", "offset"} <= params


@pytest.mark.slow
def test_schemathesis_finds_no_failure_in_any_operation(base: str, tmp_path: Path) -> None:
    """The independent run: every operation, every check, coverage + fuzzing + stateful
    phases, a fixed seed and a bounded number of examples."""
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    if st is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "schemathesis_hooks", "PYTHONPATH": str(HERE)}
    env.pop("NO_COLOR", None)
    run = subprocess.run(
        [
            st,
            "run",
            f"{base}/api/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "8",
            "--seed",
            "42",
            "--no-color",
            "--workers",
            "1",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    out = run.stdout + run.stderr
    summary = out[out.rfind("SUMMARY") :] if "SUMMARY" in out else out[-3000:]
    assert run.returncode == 0, out[-6000:]
    assert re.search(r"(\d+) generated, \1 passed", summary), summary
