"""Hostile text for the data files: every reader-facing text field of the knowledge base gets payloads
that would run a script, add an element or obey markup if any path published it unescaped."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from medmassage.paths import KNOWLEDGE_DIR

#: Set by any payload that runs.
FLAG = "__pwned"
#: Elements or attributes that exist only if a payload was obeyed.
INJECTED_SELECTOR = (
    '#injected, #injected-block, img[src="x"], [onerror], [onmouseover], [onfocus], a[href^="javascript:"]'
)
SCRIPT = f"<script>window.{FLAG}=1</script>"
#: Inline vectors: HTML, event attributes, javascript: links (HTML and Markdown), a quote breaking out of
#: an attribute, a MyST role and substitution, and an entity that must stay as typed.
INLINE = (
    f' {SCRIPT}<img src=x onerror="window.{FLAG}=2"><a href="javascript:window.{FLAG}=3">a</a>'
    f" [link](javascript:window.{FLAG}=4) <javascript:window.{FLAG}=5>"
    f' " onmouseover="window.{FLAG}=6" x=" {{raw}}`html <b id="injected">b</b>` {{{{ evil }}}} &lt;i&gt; *not emphasis*'
)
#: Block vectors a multi-line YAML string could carry: a raw directive in a backtick or a colon fence.
BLOCK = (
    f'\n\n```{{raw}} html\n<b id="injected-block">b</b><script>window.{FLAG}=7</script>\n```\n\n'
    f'::::{{raw}} html\n<b id="injected-block">b</b>\n::::\n\n# heading\n'
)
PAYLOAD = INLINE + BLOCK

#: Keys whose values are ids, keys, enums, dates or names checked as plain names: not free text.
NOT_FREE_TEXT = {
    "id",
    "code",
    "source",
    "sources",
    "condition",
    "technique",
    "jurisdiction",
    "design",
    "comparison",
    "follow_up",
    "certainty",
    "rated_by",
    "result",
    "urgency",
    "favours_treatment_when",
    "last_reviewed",
    "kind",
    "legal_status",
    "source_date",
    "approaches",
    "see_a_doctor_source",
}


def _poison(value: Any, key: str | None, touched: list[str], where: str, skip: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _poison(v, k, touched, f"{where}.{k}", skip) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key, touched, f"{where}[]", skip) for v in value]
    if isinstance(value, str) and key not in NOT_FREE_TEXT and key not in skip:
        touched.append(where)
        return value + PAYLOAD
    return value


def hostile_knowledge_base(target: Path) -> list[str]:
    """Copy the course's knowledge base to ``target`` with a payload in every free-text field.
    Condition names are left alone: they must be plain names, and are refused otherwise.
    Returns the dotted paths of the fields that were poisoned."""
    shutil.copytree(KNOWLEDGE_DIR, target)
    touched: list[str] = []
    for path in sorted(target.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        skip = {"name"} if path.parent.name == "conditions" else set()
        poisoned = {
            k: _poison(v, k, touched, f"{path.stem}.{k}", skip if k == "condition" else set()) for k, v in data.items()
        }
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return touched
