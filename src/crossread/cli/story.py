"""``crossread story``: the user's corrections to the stories in the store.

crossread story merge ID ID... [--db DB]        # prints the surviving id (the first)
crossread story split ID ARTICLE_ID... [--db DB]  # those articles leave; prints the new id
crossread story move ARTICLE_ID ID [--db DB]
crossread story rename ID TITLE... [--db DB]
crossread story rm ID [--db DB]
crossread story rm --article ARTICLE_ID [--db DB]

Every change is kept in the store and respected by later grouping: stories split
apart are never merged again by the grouper, and a renamed story keeps its title.
``--format json`` prints one JSON object instead of the id.
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "story",
        help="correct the stories in the store: merge, split, move, rename, rm",
        description="Corrections are kept in the store; later grouping respects them.",
    )
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--db", help="SQLite store (default: in the user data directory)")
        q.add_argument("--format", "-f", choices=("text", "json"), default="text")
        q.set_defaults(func=cmd_story)

    q = acts.add_parser("merge", help="merge stories into the first; prints its id")
    q.add_argument("ids", nargs="+", metavar="ID")
    common(q)
    q = acts.add_parser("split", help="the named articles leave for a new story; prints its id")
    q.add_argument("id", metavar="ID")
    q.add_argument("articles", nargs="+", metavar="ARTICLE_ID")
    common(q)
    q = acts.add_parser("move", help="move an article to another story")
    q.add_argument("article", metavar="ARTICLE_ID")
    q.add_argument("id", metavar="ID")
    common(q)
    q = acts.add_parser("rename", help="give a story a title (kept from then on)")
    q.add_argument("id", metavar="ID")
    q.add_argument("title", nargs="+", metavar="TITLE")
    common(q)
    q = acts.add_parser("rm", help="delete a story (with its articles) or one article")
    q.add_argument("id", nargs="?", metavar="ID")
    q.add_argument("--article", metavar="ARTICLE_ID", help="delete this article only")
    common(q)


def cmd_story(args: argparse.Namespace) -> int:
    from crossread import store as store_mod
    from crossread.cli.common import EXIT_OK, EXIT_USAGE, err

    with store_mod.open_store(args.db) as store:
        action = args.action
        if action == "merge":
            if len(set(args.ids)) < 2:
                err("merge needs two different story ids")
                return EXIT_USAGE
            sid = store.merge_stories(args.ids)
            doc: dict[str, Any] = {"action": "merge", "story": sid, "merged": args.ids[1:]}
            text = sid
        elif action == "split":
            sid = store.split_story(args.id, args.articles)
            doc = {"action": "split", "story": sid, "from": args.id, "articles": args.articles}
            text = sid
        elif action == "move":
            old = store.story_of_article_id(args.article)
            store.move_article(args.article, args.id)
            doc = {"action": "move", "article": args.article, "from": old, "story": args.id}
            text = args.id
        elif action == "rename":
            title = " ".join(args.title)
            store.rename_story(args.id, title)
            doc = {"action": "rename", "story": args.id, "title": " ".join(title.split())}
            text = args.id
        else:
            if bool(args.id) == bool(args.article):
                err("story rm: give a story ID or --article ARTICLE_ID (one of them)")
                return EXIT_USAGE
            if args.article:
                old = store.remove_article(args.article)
                left = store.story(old) if old else None
                doc = {
                    "action": "rm",
                    "article": args.article,
                    "story": old,
                    "story_removed": bool(old) and left is None,
                }
                text = args.article
            else:
                n = store.remove_story(args.id)
                doc = {"action": "rm", "story": args.id, "articles_removed": n}
                text = args.id
        if args.format == "json":
            info = store.story(doc["story"]) if doc.get("story") else None
            if info is not None:
                doc["title"] = info.title
                doc["size"] = len(info.articles)
            print(json.dumps(doc, ensure_ascii=False))
        else:
            print(text)
    return EXIT_OK
