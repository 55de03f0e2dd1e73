"""Reading the world's pages (issue 15): any script, any charset, fallback extraction, dates,
outlets, feeds with short entries, WARC/ARC files. Fixtures are small pages in tests/data/pages/."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import crossread
from crossread.ingest.clean import clean_text
from crossread.ingest.decode import decode
from crossread.ingest.metadata import masthead, page_outlet, split_header
from crossread.ingest.split import split_text
from crossread.text.dates import date_line, parse_date
from crossread.text.script import count_words

PAGES = Path(__file__).parent / "data" / "pages"


def _read(name: str) -> crossread.ReadResult:
    return crossread.read([str(PAGES / name)])


def _one(name: str) -> crossread.Article:
    result = _read(name)
    assert result.errors == [] and len(result.articles) == 1, result.errors
    return result.articles[0]


# ------------------------------------------------------------------ scripts without spaces


@pytest.mark.parametrize(
    ("name", "title", "outlet", "day", "end"),
    [
        ("zh_article.html", "长江流域今年首次启动防汛四级应急响应", "江南日报", "2024-06-18", "。"),
        (
            "ja_article.html",
            "北海道で記録的な大雪、交通機関に乱れ",
            "みなと新聞",
            "2024-01-23",
            "。",
        ),
    ],
)
def test_chinese_and_japanese_articles_are_read_and_summarised(name, title, outlet, day, end):
    article = _one(name)
    assert article.title == title
    assert article.outlet == outlet
    assert article.published == day
    assert count_words(article.text) >= 100  # 150-250 characters of text are not "1 word"
    brief = crossread.summarize([article], crossread.Options(words=80))
    assert brief.summary, brief.notes
    assert all(s.text.endswith(end) for s in brief.summary)


def test_thai_article_gets_a_summary():
    article = _one("th_article.txt")
    assert article.title == "ฝนตกหนักทำให้น้ำท่วมหลายจังหวัดในภาคเหนือ"
    spans = split_text(article.text)
    assert len(spans) >= 6  # Thai ends sentences with a space between Thai words
    brief = crossread.summarize([article], crossread.Options(words=60))
    assert brief.summary


def test_word_counts_know_unspaced_scripts():
    assert count_words("The prime minister spoke in Tokyo today.") == 7
    assert count_words("中" * 300) == 200  # ~1.5 characters a word
    assert count_words("政府は" * 20) == 30  # kana and kanji mixed, ~2 characters a word
    assert count_words("Apple 发布了 新产品") >= 4


def test_japanese_sentences_are_not_removed_as_a_menu():
    lines = [
        "政府は今日、新しい経済対策を発表した。",
        "対策の規模は十兆円に上る。",
        "野党は効果が薄いと批判した。",
        "首相は来週、国会で説明する。",
    ]
    text, removed = clean_text("\n\n".join(lines))
    assert removed == []
    assert text.split("\n\n") == lines


def test_fullwidth_punctuation_ends_sentences_without_spaces():
    text = "記者会見を開いた。「経済は回復している」と述べた！次の選挙は来年だ？はい。"
    assert [text[a:b] for _, a, b in split_text(text)] == [
        "記者会見を開いた。",
        "「経済は回復している」と述べた！",
        "次の選挙は来年だ？",
        "はい。",
    ]


# ------------------------------------------------------------------ extraction fallback


def test_article_in_a_table_comes_back_through_the_fallback_chain(caplog):
    with caplog.at_level(logging.INFO, logger="crossread.ingest.html"):
        article = _one("table_layout.html")
    meta = dict(article.meta)
    assert meta["extraction"] == "precision+tables"
    assert "harbour wall" in article.text and count_words(article.text) > 120
    assert any("precision+tables" in r.getMessage() for r in caplog.records)
    brief = crossread.summarize([article])
    assert any("precision+tables" in note for note in brief.notes)


def test_a_long_article_is_read_in_one_precision_pass():
    article = _one("cbc_photo_credit.html")
    assert "extraction" not in dict(article.meta)


def test_html_saved_as_text_is_read_as_a_page():
    article = _one("saved_page.txt")
    assert "<p>" not in article.text and "首页" not in article.text
    assert article.title == "长江流域今年首次启动防汛四级应急响应"


# ------------------------------------------------------------------ charset


def test_declared_utf8_page_with_one_stray_byte_stays_utf8():
    article = _one("stray_byte.html")
    assert "Mäscot" in article.text and "Zürich" in article.text
    assert "Ã" not in article.text and "Ã" not in (article.title or "")
    assert article.text.count("\ufffd") == 1


def test_latin1_label_is_read_as_windows_1252_and_valid_utf8_wins_over_a_wrong_label():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>caf\u00e9 \u2013 na\u00efve</p>'
    assert "café – naïve" in decode(page.encode("cp1252"), "x")
    assert "café – naïve" in decode(page.encode("utf-8"), "x")


# ------------------------------------------------------------------ outlets


def test_photo_credit_never_makes_the_outlet():
    article = _one("cbc_photo_credit.html")
    assert article.outlet == "CBC News"
    assert masthead("Text of the story.", ("(Chris Helgren/Reuters)",)) is None
    assert masthead("Text of the story.", ("Support The Moscow Times!",)) == "The Moscow Times"


@pytest.mark.parametrize(
    ("sitename", "url", "title", "expected"),
    [
        ("https://www.lakeside-post.example", "https://www.lakeside-post.example/a", None,
         "lakeside-post.example"),
        ("www.reuters.com", None, None, "Reuters"),
        ("Expert how-to for English Riders", "https://www.horse-mag.example/x", None,
         "horse-mag.example"),
        ("Copyright 2014", "https://www.town-news.example/x", None, "town-news.example"),
        ("Autoracing | F1 | Indy | MotoGP", "https://autoracing.example/x", None, "Autoracing"),
        ("Sndk_Nyheder", "https://sn.dk/a", None, "sn.dk"),
        ("The Valley Ledger", "https://www.valleyledger.example/x", None, "The Valley Ledger"),
        ("Connecticut Post", "https://www.ctpost.com/x", None, "Connecticut Post"),
        ("Mayor resigns over budget row", "https://www.citypaper.example/x",
         "Mayor resigns over budget row", "citypaper.example"),
    ],
)  # fmt: skip
def test_outlet_from_metadata_is_checked_against_the_host(sitename, url, title, expected):
    assert page_outlet(sitename, url, title) == expected


def test_feed_titles_and_other_outlets_names_do_not_override_the_site():
    feed = "heise developer neueste Meldungen"
    assert page_outlet(feed, "https://www.heise.de/news/x.html", strict=True) == "heise.de"
    assert page_outlet("Lakeford Herald", "https://herald.example/a", strict=True) == (
        "Lakeford Herald"
    )
    assert page_outlet("Reuters", "https://www.cbc.ca/news/x") == "CBC News"
    assert page_outlet("Reuters", "https://www.smalltown.example/x") == "Reuters"  # syndicated


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("11/19/19", "2019-11-19"),
        ("19.11.2019", "2019-11-19"),
        ("19. November 2019", "2019-11-19"),
        ("Dienstag, 19. November 2019", "2019-11-19"),
        ("Published: 19.11.2019 10:30", "2019-11-19"),
        ("3 de marzo de 2020", "2020-03-03"),
        ("2019年11月19日", "2019-11-19"),
        ("December 11, 2017", "2017-12-11"),
        ("It was 11/19/19 when he came back", None),  # a sentence, not a date line
        ("Version 1.2.2019 released", None),
        ("The score was 3-1 at half time", None),
        ("Skip to main content", None),
    ],
)
def test_date_lines_in_many_forms(line, iso):
    assert date_line(line) == iso


def test_metadata_dates_and_non_dates():
    assert parse_date("19.11.2019, 10:30 Uhr") == "2019-11-19"
    assert parse_date("mardi 19 novembre 2019") == "2019-11-19"
    assert parse_date("not a date at all") is None
    assert parse_date("2020-13-45") is None


def test_plain_text_date_line_under_the_headline():
    header = split_header(
        "Hafen bleibt geschlossen\n\n19.11.2019\n\n" + "Der Hafen bleibt zu. " * 5
    )
    assert header.title == "Hafen bleibt geschlossen"
    assert header.published == "2019-11-19"


# ------------------------------------------------------------------ plain-text headlines


def test_navigation_lines_never_become_the_headline(tmp_path):
    body = " ".join(["The river rose two metres overnight and the old bridge was closed."] * 4)
    page = tmp_path / "page.txt"
    page.write_text(
        "Skip to main content\n\nAccessibility links\n\nGot a news tip?\n\n"
        f"River floods the old town\n\n{body}\n",
        encoding="utf-8",
    )
    article = crossread.read([str(page)]).articles[0]
    assert article.title == "River floods the old town"
    assert "Skip to main content" in article.removed


# ------------------------------------------------------------------ feeds


def test_short_feed_entries_are_kept_with_title_and_summary():
    result = _read("reddit_like.atom")
    assert result.errors == []
    assert [a.title for a in result.articles] == [
        "Wildfire forces evacuation of northern Alberta town as winds push flames closer",
        "Record snowfall in Sapporo cancels more than 120 flights at New Chitose airport",
        "Yangtze basin starts first flood emergency response of the year after days of heavy rain",
    ]
    texts = [a.text for a in result.articles]
    assert texts[1] == "Trains were also halted on several lines, officials said."  # double-escaped
    assert all("<" not in t and "&lt;" not in t for t in texts)
    assert {a.outlet for a in result.articles} == {"reddit.example"}  # not the feed's title
    assert all("short text" in dict(a.meta)["reading"] for a in result.articles)


# ------------------------------------------------------------------ WARC and ARC


def test_warc_resource_records_are_read_and_skipped_records_counted():
    result = _read("news.warc.gz")
    assert [a.title for a in result.articles] == [
        "Port strike enters its third day",
        "City approves new tram line",
        "Library reopens after flood repairs",  # a resource record
    ]
    assert result.errors == [
        f"{PAGES / 'news.warc.gz'}: skipped 1 record(s) that hold no web page: "
        "1 image/png response(s)"
    ]


def test_truncated_warc_keeps_what_was_read_with_one_message_of_its_own(capfd):
    result = _read("truncated.warc.gz")
    assert len(result.articles) == 2
    assert any("truncated WARC" in e and "kept what was read" in e for e in result.errors)
    assert capfd.readouterr().err == ""  # no raw library warning


def test_arc_files_are_read():
    article = _one("news.arc")
    assert article.title == "Ferry service resumes after storm"
    assert article.url == "http://news.example/ferry"
    assert article.published == "2024-05-14"


def test_an_article_the_cleaner_would_empty_is_kept_as_extracted(tmp_path):
    lines = [
        "Rain again today",
        "Farmers wait",
        "River rising fast",
        "Schools close early",
        "Buses run late",
        "Market moves indoors",
        "Bridge stays shut",
        "Power back tonight",
    ]  # very short lines without final punctuation: a menu row to the cleaner's rules
    page = tmp_path / "notes.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = crossread.read([str(page)])
    assert result.errors == []
    article = result.articles[0]
    assert "River rising fast" in article.text
    assert "kept as extracted" in dict(article.meta)["reading"]
