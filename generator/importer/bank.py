"""Giving imported questions the id of the bank question they are (`id:` in the portrait), so
that an imported portrait joins the site's question pages like one written with `portraits new`."""

from __future__ import annotations

from typing import Any, Sequence

from ..names import question_key
from .article import Flag


def match_bank(interview: list[dict[str, Any]], bank: Sequence[Any], by_position: bool) -> list[Flag]:
    """Set `id` on every question whose wording (any language, or an alias) is a bank
    question's. `by_position`: the source is a questionnaire the site sent, questions in the
    bank's order, so a question whose wording was changed takes the id of its place (flagged)."""
    owners = {question_key(wording): question.id for question in bank for wording in question.wordings()}
    used: set[str] = set()
    unmatched: list[int] = []
    for index, item in enumerate(interview):
        qid = owners.get(question_key(item["question"]))
        if qid and qid not in used:
            _set_id(item, qid)
            used.add(qid)
        else:
            unmatched.append(index)
    flags = []
    if by_position:
        for index in unmatched:
            if index < len(bank) and bank[index].id not in used:
                _set_id(interview[index], bank[index].id)
                used.add(bank[index].id)
                flags.append(Flag(("interview", index, "id"),
                                  f"question {index + 1} was reworded: matched to the bank question '{bank[index].id}' by its place",
                                  f"question reformulée : rattachée à « {bank[index].id} » par sa place"))
    return flags


def _set_id(item: dict[str, Any], qid: str) -> None:
    """The id right after the question, as `portraits new` writes it."""
    answer = item.pop("answer")
    item["id"] = qid
    item["answer"] = answer
