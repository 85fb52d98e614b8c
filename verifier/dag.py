"""Graph algorithms on node ids for `veridot.verifier.diagram`: a stable topological order (with the
cycle that prevents one), merging of the half-open position intervals of prefix spans, and
the ancestors of a node through explicit edges and those spans.

Pure functions over ids and `(src, dst)` pairs; iterative, so a chain of thousands of nodes
never meets Python's recursion limit.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence


def merge_span(spans: list[tuple[int, int]], new: tuple[int, int]) -> list[tuple[int, int]]:
    """Half-open intervals `spans` (disjoint, sorted) with `new` added, merged."""
    out: list[tuple[int, int]] = []
    lo, hi = new
    for a, b in spans:
        if b < lo or a > hi:
            out.append((a, b))
        else:
            lo, hi = min(lo, a), max(hi, b)
    out.append((lo, hi))
    out.sort()
    return out


class Cycle(Exception):
    """Nodes that no order can satisfy: `stuck` is the first in node order, `loop` a cycle
    among them as ids (first id repeated)."""

    def __init__(self, stuck: str, loop: list[str]) -> None:
        super().__init__(" -> ".join(loop))
        self.stuck = stuck
        self.loop = loop


def topological(ids: Sequence[str], edges: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Kahn's algorithm over `(src, dst)` pairs, stable in the order of `ids`; `Cycle` when
    some nodes cannot be ordered."""
    position = {nid: i for i, nid in enumerate(ids)}
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    indegree = dict.fromkeys(position, 0)
    for src, dst in edges:
        succ.setdefault(src, []).append(dst)
        pred.setdefault(dst, []).append(src)
        indegree[dst] += 1
    # A heap keyed by node position keeps the order stable; with edges that respect node
    # order (the common case) this is just the node order.
    ready = [position[n] for n, d in indegree.items() if d == 0]
    heapq.heapify(ready)
    ids = list(position)  # without duplicates, in order
    order: list[str] = []
    while ready:
        nid = ids[heapq.heappop(ready)]
        order.append(nid)
        for nxt in succ.get(nid, ()):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, position[nxt])
    if len(order) < len(ids):
        stuck = next(n for n in ids if indegree[n] > 0)
        raise Cycle(stuck, _find_cycle(stuck, pred, indegree))
    return tuple(order)


def _find_cycle(
    start: str, pred: Mapping[str, list[str]], indegree: Mapping[str, int]
) -> list[str]:
    """A cycle among the nodes Kahn's algorithm could not order, as ids (first id repeated)."""
    # Every leftover node still has a leftover predecessor (that is why its indegree stayed
    # above zero), so walking leftover predecessors must revisit a node: that loop is a cycle.
    path: list[str] = []
    index: dict[str, int] = {}
    cur = start
    while cur not in index:
        index[cur] = len(path)
        path.append(cur)
        cur = next(n for n in pred.get(cur, ()) if indegree[n] > 0)
    loop = [*path[index[cur] :], cur]
    loop.reverse()  # walked against the edges; show it along them
    return loop


def ancestors(
    id: str,
    uses: Mapping[str, Sequence[str]],
    order: Sequence[str],
    position: Mapping[str, int],
    prefix_uses: Mapping[str, str],
) -> set[str]:
    """Every node `id` rests on through `uses` (node -> the nodes it uses) and the implicit
    spans of `prefix_uses` (node -> the first node of the run it rests on, see
    `veridot.verifier.diagram`); `order` is a topological order and `position` each node's index in
    node order."""
    if not prefix_uses:
        seen: set[str] = set()
        stack = list(uses.get(id, ()))
        while stack:
            cur = stack.pop()
            if cur not in seen:
                seen.add(cur)
                stack.extend(uses.get(cur, ()))
        return seen
    # In topological order from `id` backwards: a node is reached if an explicit edge
    # from a reached node says so, or if it lies in the span of a reached node. Spans
    # reached so far are kept as intervals, so each node is looked at once.
    rank = {nid: i for i, nid in enumerate(order)}
    marked: set[str] = set(uses.get(id, ()))
    spans: list[tuple[int, int]] = []
    if (first := prefix_uses.get(id)) is not None:
        spans.append((position[first], position[id]))
    reached: set[str] = set()
    for nid in reversed(order[: rank[id]]):
        pos = position[nid]
        if nid not in marked and not any(lo <= pos < hi for lo, hi in spans):
            continue
        reached.add(nid)
        marked.update(uses.get(nid, ()))
        if (first := prefix_uses.get(nid)) is not None:
            spans = merge_span(spans, (position[first], pos))
    return reached
