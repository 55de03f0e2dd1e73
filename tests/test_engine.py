"""crossread batch: the same stories from the process pool and from a real local Ray run;
windowed grouping as good as the single-process grouper; bad records reported, not fatal."""

from __future__ import annotations

import gzip
import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossread.batch.records import ERRORS_FILE
from crossread.batch.runner import default_config, iter_results, run_batch
from crossread.cli.main import main
from crossread.grouping.index import StoryIndex
from crossread.grouping.windows import group_articles, split_windows
from crossread.model import Article

REPO = Path(__file__).resolve().parents[1]


def _bcubed_f1(pred: list[str], true: list[str]) -> float:
    from collections import Counter

    pc, tc, both = Counter(pred), Counter(true), Counter(zip(pred, true, strict=True))
    n = len(true)
    p = sum(both[(a, b)] / pc[a] for a, b in zip(pred, true, strict=True)) / n
    r = sum(both[(a, b)] / tc[b] for a, b in zip(pred, true, strict=True)) / n
    return 2 * p * r / (p + r)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _article(r: dict) -> Article:
    return Article(
        id=r["id"],
        text=r["text"],
        title=r.get("title"),
        published=r.get("publish_date") or r.get("published"),
        source=r["id"],
    )


@pytest.mark.shared
@pytest.mark.parametrize(
    "name", ["mmds2025_dev.jsonl", "ecbplus_dev.jsonl", "multinews_mixed_dev.jsonl"]
)
def test_windowed_grouping_is_as_good_as_the_single_process_grouper(
    shared_data: Path, name: str
) -> None:
    rows = _rows(shared_data / "clustering" / name)
    gold = [f"noise:{r['id']}" if r.get("is_noise_cluster") else str(r["label"]) for r in rows]
    articles = [_article(r) for r in rows]
    single = _bcubed_f1(StoryIndex().add_many(articles), gold)
    config = default_config()
    stories = group_articles(articles, config)
    story_of = {a.id: sid for sid, arts in stories.items() for a in arts}
    windowed = _bcubed_f1([story_of[a.id] for a in articles], gold)
    assert abs(windowed - single) <= 0.01, f"{name}: windowed {windowed:.4f} vs single {single:.4f}"
    if name.startswith("mmds"):  # dated and undated: cut into windows, then linked
        assert len(split_windows(articles, config)) >= 3


# ---------------------------------------------------------------- engines


def _write_jsonl(path: Path, records: list[dict], extra: str = "") -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write(extra)


@pytest.fixture(scope="module")
def batch_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sharded input: the example story, two JSONL shards, and bad records."""
    root = tmp_path_factory.mktemp("batch_in")
    shared = REPO.parent / "shared" / "eval_data" / "clustering" / "mmds2025_dev.jsonl"
    if shared.exists():
        rows = [r for r in _rows(shared) if r.get("lang_guess") == "en"]
        rows = [r for r in rows if not r.get("is_noise_cluster")][:16]
        recs = [
            {"id": r["id"], "text": r["text"], "title": r["title"], "published": r["publish_date"]}
            for r in rows
        ]
        _write_jsonl(root / "a.jsonl", recs[0::2])
        _write_jsonl(root / "b.jsonl", recs[1::2], extra='{"id": "broken", "text": \n')
    else:
        warnings.warn(
            "shared eval data missing: engine test runs on the example only", stacklevel=1
        )
    # a second story that needs no shared data (synthetic, written for this test)
    (root / "e.jsonl").write_text(
        (REPO / "tests" / "data" / "engine_other_story.jsonl").read_text("utf-8"), "utf-8"
    )
    _write_jsonl(root / "c.jsonl", [{"id": "empty-one", "text": "   "}])
    (root / "d.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: resp")[:30])
    return root


def _inputs(root: Path) -> list[str]:
    return [str(REPO / "examples" / "putin-syria-2017"), str(root)]


def _stories(out: Path) -> dict[tuple[str, ...], dict]:
    return {tuple(sorted(a["id"] for a in r["articles"])): r for r in iter_results(out)}


@pytest.fixture(scope="module")
def local_out(batch_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local_out")
    code = main(["batch", *_inputs(batch_input), "--out", str(out), "--workers", "2"])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    try:
        import ray
    except ImportError:
        msg = "SKIPPED: ray is not installed (pip install 'crossread[ray]'); Ray engine untested"
        warnings.warn(msg, stacklevel=1)
        pytest.skip(msg)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_local_engine_writes_stories_and_reports_bad_records(
    batch_input: Path, local_out: Path
) -> None:
    stories = _stories(local_out)
    example = {f"{p.stem}" for p in (REPO / "examples" / "putin-syria-2017").glob("*.txt")}
    assert any(set(k) >= example for k in stories), "the example's 5 articles form one story"
    all_ids = {i for k in stories for i in k}
    assert "empty-one" not in all_ids and "broken" not in all_ids
    for record in stories.values():
        assert record["summary"] and record["sentences"], record["id"]
        assert record["check"] is not None
        assert all(a["text"] for a in record["articles"])
    lines = (local_out / ERRORS_FILE).read_text("utf-8").splitlines()
    errors = [json.loads(line)["error"] for line in lines]
    assert any("c.jsonl:1" in e for e in errors), errors
    if (batch_input / "b.jsonl").exists():
        assert any("b.jsonl:9" in e for e in errors), errors
        assert len(all_ids) == 16 + 3 + len(example)


@pytest.mark.slow  # starts a Ray cluster (~40 s)
def test_ray_engine_gives_the_same_stories_as_the_local_engine(
    ray_session: None, batch_input: Path, local_out: Path, tmp_path: Path
) -> None:
    reported: list[str] = []
    result = run_batch(
        _inputs(batch_input), tmp_path, engine="ray", workers=2, on_error=reported.append
    )
    local, remote = _stories(local_out), _stories(tmp_path)
    assert result.stories == len(local) > 1
    assert set(remote) == set(local)
    for key, record in local.items():
        assert remote[key]["id"] == record["id"]
        assert remote[key]["summary"] == record["summary"]
    assert sorted(p.name for p in result.files) == sorted(
        p.name for p in local_out.glob("part-*.jsonl")
    )
    assert any("c.jsonl:1" in e for e in reported), reported
    if (batch_input / "b.jsonl").exists():
        assert any("b.jsonl:9" in e for e in reported), reported
