"""Results computed per object (a portrait, a portrait file) in one build of a live preview,
reused in the next one while the object is the same and what the result was computed against
is equal. Nothing here changes a result; it only skips recomputing it."""

from __future__ import annotations


class KeptPerObject:
    """Each part's results by object, from the previous build (see the module's docstring)."""

    def __init__(self) -> None:
        self.kept: dict[str, dict] = {}  # part → {key: (object or None, against, value)}
        self.used: dict[str, dict] = {}
        self.values: dict[str, object] = {}

    def same(self, name: str, value):
        """The previous build's `value` when equal to this one: later comparisons of it are then
        by identity, not by content."""
        old = self.values.get(name)
        if old is not None and old == value:
            value = old
        self.values[name] = value
        return value

    def get(self, part: str, obj, against, compute):
        """`compute()` unless this part was computed for the same object and an equal `against`
        in the previous build."""
        key = id(obj)
        found = self.kept.get(part, {}).get(key)
        if found is None or found[0] is not obj or not (found[1] is against or found[1] == against):
            found = (obj, against, compute())
        self.used.setdefault(part, {})[key] = found
        return found[2]

    def knows(self, part: str, obj, against) -> bool:
        found = self.kept.get(part, {}).get(id(obj))
        return found is not None and found[0] is obj and (found[1] is against or found[1] == against)

    def next_build(self) -> None:
        """Keep what the build just used (and only that) for the next one."""
        self.kept, self.used = self.used, {}
