"""RFC 6962 Merkle tree hashes and audit paths, against the Certificate Transparency reference
vectors and an independent, straightforward recursive implementation written here."""

from __future__ import annotations

import hashlib
import random

import pytest

from zhifa.ledger import merkle

# Leaves and roots of certificate-transparency's merkle_tree_test (RFC 6962 reference).
CT_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # empty: SHA-256("")
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index 0-based, tree size, audit path) from the same reference.
CT_PATHS = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


# --- an independent reference: RFC 6962 §2.1 written out literally ---------------------------


def _sha(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def ref_mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return _sha(b"")
    if n == 1:
        return _sha(b"\x00" + d[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return _sha(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return ref_path(m, d[:k]) + [ref_mth(d[k:])]
    return ref_path(m - k, d[k:]) + [ref_mth(d[:k])]


def test_empty_tree_is_sha256_of_empty_string() -> None:
    assert merkle.tree_hash([]).hex() == CT_ROOTS[0] == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_match_certificate_transparency_vectors(n: int) -> None:
    assert merkle.tree_hash(CT_LEAVES[:n]).hex() == CT_ROOTS[n]
    assert ref_mth(CT_LEAVES[:n]).hex() == CT_ROOTS[n]


@pytest.mark.parametrize(("m", "n", "path"), CT_PATHS)
def test_audit_paths_match_certificate_transparency_vectors(
    m: int, n: int, path: list[str]
) -> None:
    got = merkle.audit_path(iter(CT_LEAVES[:n]), m, n)
    assert [p.hex() for p in got] == path
    assert merkle.verify_inclusion(
        leaf_data=CT_LEAVES[m],
        leaf_index=m,
        tree_size=n,
        path=got,
        root=bytes.fromhex(CT_ROOTS[n]),
    )


def test_streaming_root_equals_recursive_reference_for_every_size_to_130() -> None:
    rng = random.Random(6962)
    leaves = [rng.randbytes(rng.randint(0, 40)) for _ in range(130)]
    t = merkle.StreamingTreeHash()
    assert t.root() == ref_mth([])
    for n in range(1, 131):
        t.add(leaves[n - 1])
        assert t.size == n
        assert t.root() == ref_mth(leaves[:n]), n


def test_every_audit_path_equals_reference_and_verifies_for_sizes_to_40() -> None:
    rng = random.Random(9162)
    for n in range(1, 41):
        leaves = [rng.randbytes(32) for _ in range(n)]
        root = ref_mth(leaves)
        for m in range(n):
            path = merkle.audit_path(iter(leaves), m, n)
            assert path == ref_path(m, leaves), (m, n)
            assert merkle.verify_inclusion(
                leaf_data=leaves[m], leaf_index=m, tree_size=n, path=path, root=root
            )
            # a wrong leaf, index, size, root or path element is refused
            assert not merkle.verify_inclusion(
                leaf_data=leaves[m] + b"x", leaf_index=m, tree_size=n, path=path, root=root
            )
            if n > 1:
                other = (m + 1) % n
                assert not merkle.verify_inclusion(
                    leaf_data=leaves[m], leaf_index=other, tree_size=n, path=path, root=root
                )
                bad = list(path)
                bad[0] = bytes(32)
                assert not merkle.verify_inclusion(
                    leaf_data=leaves[m], leaf_index=m, tree_size=n, path=bad, root=root
                )
                assert not merkle.verify_inclusion(
                    leaf_data=leaves[m], leaf_index=m, tree_size=n, path=path[:-1], root=root
                )
            assert not merkle.verify_inclusion(
                leaf_data=leaves[m], leaf_index=m, tree_size=n, path=path, root=_sha(b"other")
            )


def test_audit_path_refuses_out_of_range_index_and_wrong_leaf_count() -> None:
    with pytest.raises(ValueError):
        merkle.audit_ranges(3, 3)
    with pytest.raises(ValueError):
        merkle.audit_path(iter(CT_LEAVES[:4]), 0, 5)
    assert not merkle.verify_inclusion(
        leaf_data=b"", leaf_index=0, tree_size=0, path=[], root=merkle.EMPTY_ROOT
    )
