"""crossread.settings: the one loader. Data files layered with a user settings file
(CROSSREAD_SETTINGS or --settings), every value checked, a bad one a one-line error naming
the file and the key; parameter objects validate values given in code too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from test_cli import assert_no_traceback, run

from crossread import settings
from crossread.batch.config import BatchConfig
from crossread.grouping.features import StoryParams
from crossread.options import Options
from crossread.settings import SettingsError, load_json


@pytest.fixture
def user_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "settings.json"
    yield path
    settings.use(None)  # back to the shipped files


def test_every_shipped_data_file_passes_its_own_checks() -> None:
    data = resources.files("crossread.data")
    names = [p.name for p in data.iterdir() if p.name.endswith(".json")]
    names += [
        f"check/{p.name}" for p in data.joinpath("check").iterdir() if p.name.endswith(".json")
    ]
    ranged = 0
    for name in names:
        doc = load_json(*name.split("/"))
        ranged += "_ranges" in doc
    assert ranged >= 6  # options, serve, engine, stories, summary, check/thresholds, text


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"options.json": {"words": 0}}, "options.json: words: must be at least 1, got 0"),
        ({"options.json": {"encoder": "bert"}}, "options.json: encoder: must be one of"),
        ({"stories.json": {"threshold": "high"}}, "stories.json: threshold: must be a number"),
        ({"stories.json": {"weights": {"tfidf": -1}}}, "stories.json: weights.tfidf: must be at"),
        ({"check/thresholds.json": {"quotes": {"cosine": 1.5}}}, "quotes.cosine: must be between"),
        ({"summary.json": {"max_wrods": 10}}, "summary.json: max_wrods: no such setting"),
        ({"nothing.json": {"a": 1}}, "nothing.json: no such data file"),
        ({"serve.json": {"max_urls": 0}}, "serve.json: max_urls: must be at least 1"),
    ],
)
def test_a_bad_user_value_names_the_file_and_the_key(
    user_file: Path, overrides: dict, words: str
) -> None:
    user_file.write_text(json.dumps(overrides), encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        settings.use(user_file)
    message = str(caught.value)
    assert message.startswith(f"{user_file}: ") and words in message, message
    assert "\n" not in message


def test_a_settings_file_that_is_not_json(user_file: Path) -> None:
    user_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid JSON"):
        settings.use(user_file)


def test_user_values_are_layered_over_the_shipped_ones(user_file: Path) -> None:
    user_file.write_text(
        json.dumps({"options.json": {"words": 60}, "engine.json": {"link_days": 3}}), "utf-8"
    )
    settings.use(user_file)
    assert Options().words == 60 and Options().encoder == "static"
    assert settings.params(BatchConfig, "engine.json").link_days == 3
    assert load_json("engine.json")["window_days"] == 2.0  # the rest stays shipped
    assert settings.source("options.json", "words") == f"{user_file}: options.json"
    settings.use(None)
    assert Options().words == 120


def test_objects_made_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match=r"^Options: words: must be at least 1, got 0$"):
        Options(words=0)
    with pytest.raises(SettingsError, match="redundancy_threshold"):
        Options().with_(redundancy_threshold=1.2)
    with pytest.raises(SettingsError, match="BatchConfig: window_days"):
        BatchConfig(window_days=0)
    raw = json.loads(json.dumps(load_json("stories.json")))
    raw["threshold"] = 3
    with pytest.raises(SettingsError, match="^grid: threshold: must be between 0 and 1"):
        StoryParams.from_dict(raw, where="grid")
    raw["threshold"] = 0.2
    del raw["weights"]
    with pytest.raises(SettingsError, match="weights"):
        StoryParams.from_dict(raw, where="grid")


def test_serve_options_are_checked() -> None:
    pytest.importorskip("fastapi")
    from crossread.server.config import ServeOptions

    assert ServeOptions().max_urls == 10
    with pytest.raises(SettingsError, match="ServeOptions: max_files"):
        ServeOptions(max_files=0)


def test_cli_settings_option_and_environment(tmp_path: Path, example_dir: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"options.json": {"words": 40, "check": False}}), "utf-8")
    result = run("--settings", str(path), "summarize", str(example_dir), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert sum(len(s["text"].split()) for s in doc["summary"]) <= 40
    assert "check" not in doc or not doc["check"]
    path.write_text(json.dumps({"options.json": {"words": -3}}), "utf-8")
    result = run("--settings", str(path), "summarize", str(example_dir))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"crossread: {path}: options.json: words: must be at least 1, got -3"
    )
    assert_no_traceback(result)
