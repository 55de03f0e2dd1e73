"""JSON output (schema in the README)."""

from __future__ import annotations

import json

from crossread.model import Brief
from crossread.present.view import brief_to_dict


def render_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2)
