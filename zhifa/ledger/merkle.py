"""RFC 6962 §2.1 Merkle tree hashes, audit paths and their verification (pure functions).

- ``MTH({}) = SHA-256("")``;
- leaf: ``MTH({d}) = SHA-256(0x00 ‖ d)``;
- node: ``MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))`` with ``k`` the largest power of
  two smaller than ``n``.

For the ledger, the leaf data ``d`` of an entry is the 32 raw bytes of its ``entry_hash``, and a
day's tree holds that day's entries in ``seq`` order.

Roots and audit paths are computed by streaming the leaves once with O(log n) memory, so a day
with a million entries never has to be held in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class StreamingTreeHash:
    """Feed leaf data in order; ``root()`` is the RFC 6962 MTH of everything fed so far.

    Keeps a stack of the roots of complete subtrees (sizes are the binary digits of n, largest
    first). Folding the stack from the right gives exactly RFC 6962's left-balanced tree.
    """

    __slots__ = ("_stack", "size")

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []
        self.size = 0

    def add(self, data: bytes) -> None:
        self.add_leaf_hash(leaf_hash(data))

    def add_leaf_hash(self, h: bytes) -> None:
        size = 1
        stack = self._stack
        while stack and stack[-1][0] == size:
            _, left = stack.pop()
            h = node_hash(left, h)
            size *= 2
        stack.append((size, h))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        h = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            h = node_hash(left, h)
        return h


def tree_hash(leaves: Iterable[bytes]) -> bytes:
    """MTH of the leaf data ``leaves`` (streamed)."""
    t = StreamingTreeHash()
    for d in leaves:
        t.add(d)
    return t.root()


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def audit_ranges(m: int, n: int) -> list[tuple[int, int]]:
    """The leaf ranges ``[lo, hi)`` whose subtree hashes form PATH(m, D[n]), in path order.

    RFC 6962 §2.1.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k,
    else PATH(m - k, D[k:n]) : MTH(D[0:k]).
    """
    if not 0 <= m < n:
        raise ValueError(f"leaf index {m} outside a tree of {n} leaves")
    out: list[tuple[int, int]] = []
    lo, hi = 0, n
    while hi - lo > 1:
        k = _largest_power_of_two_below(hi - lo)
        if m - lo < k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo = lo + k
    out.reverse()  # deepest sibling first
    return out


def audit_path(leaves: Iterable[bytes], m: int, n: int) -> list[bytes]:
    """PATH(m, D[n]) for the ``n`` leaf data in ``leaves`` (streamed once, O(log n) memory)."""
    ranges = audit_ranges(m, n)
    # Ranges are disjoint; order them by position to feed each leaf to the one that holds it.
    by_pos = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    hashers = [StreamingTreeHash() for _ in ranges]
    j = 0
    count = 0
    for i, data in enumerate(leaves):
        count += 1
        if i == m:
            continue
        while ranges[by_pos[j]][1] <= i:
            j += 1
        hashers[by_pos[j]].add(data)
    if count != n:
        raise ValueError(f"expected {n} leaves, got {count}")
    return [h.root() for h in hashers]


def verify_inclusion(
    *, leaf_data: bytes, leaf_index: int, tree_size: int, path: list[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``path`` prove ``leaf_data`` at ``leaf_index`` in ``root``?"""
    if not 0 <= leaf_index < tree_size:
        return False
    fn, sn = leaf_index, tree_size - 1
    r = leaf_hash(leaf_data)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root
