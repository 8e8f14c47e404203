"""Constants of the ledger: hash format, the county calendar day, the writer lock."""

from __future__ import annotations

import zoneinfo

# prev_hash of entry 1 (the genesis): 64 zeros.
GENESIS_HASH = "0" * 64

# Entries are grouped into Merkle trees by the county's calendar day, whatever TIME_ZONE says.
LEDGER_TZ = zoneinfo.ZoneInfo("Asia/Shanghai")

# Key of the PostgreSQL transaction-level advisory lock that serialises ledger writers
# (int.from_bytes(b"zhifaLdg", "big") — an arbitrary constant, fixed forever).
ADVISORY_LOCK_KEY = 0x7A68696661_4C6467

# actor_label of entries written by the system itself (jobs, migrations).
SYSTEM_ACTOR_LABEL = "system"
# actor_label of entries written on behalf of an anonymous member of the public (the portal).
PUBLIC_ACTOR_LABEL = "public"

# Action of the entry that seals a day's Merkle root into the chain.
ACTION_MERKLE_ROOT = "ledger.merkle_root.compute"

MAX_ACTION_LENGTH = 100
MAX_SUBJECT_TYPE_LENGTH = 100
MAX_SUBJECT_ID_LENGTH = 64
MAX_ACTOR_LABEL_LENGTH = 150
