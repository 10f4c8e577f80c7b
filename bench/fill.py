"""Fills a OneTime SQLite database (schema already made by the server) with N secrets for the scale runs.

    fill.py DB N live|expired IDS_FILE
live: expires in a day, a million logins each (opens never use one up); expired: expired an hour ago.
Every secret uses the key of bench/lua/common.lua; with IDS_FILE, the ids are written there (one a line).
"""
import base64
import os
import sqlite3
import sys
import time

db, count, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ids_file = sys.argv[4] if len(sys.argv) > 4 else None
verifier = base64.urlsafe_b64decode("WoNrccR2P74hCez9Aayfhp1wIB8K7bsdhFEYL2hzN8c=")
ciphertext = bytes(range(256)) * 3
now = int(time.time() * 1000)
expires = now + 86_400_000 if kind == "live" else now - 3_600_000
purge = expires + 90 * 86_400_000
logins = 1_000_000 if kind == "live" else 1

connection = sqlite3.connect(db)
connection.execute("PRAGMA journal_mode = WAL")
connection.execute("PRAGMA synchronous = OFF")
ids = open(ids_file, "w") if ids_file else None
batch = []
for _ in range(count):
    secret_id = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
    batch.append((secret_id, verifier, ciphertext, os.urandom(32), logins, logins, now, expires, purge))
    if ids:
        ids.write(secret_id + "\n")
    if len(batch) == 50_000:
        connection.executemany(
            "INSERT INTO secrets (id, verifier, ciphertext, manage_token_hash, label, state, max_logins, "
            "remaining_logins, created_at, expires_at, purge_at) VALUES (?, ?, ?, ?, NULL, 0, ?, ?, ?, ?, ?)", batch)
        connection.commit()
        batch.clear()
if batch:
    connection.executemany(
        "INSERT INTO secrets (id, verifier, ciphertext, manage_token_hash, label, state, max_logins, "
        "remaining_logins, created_at, expires_at, purge_at) VALUES (?, ?, ?, ?, NULL, 0, ?, ?, ?, ?, ?)", batch)
    connection.commit()
connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
connection.close()
# Written with synchronous=OFF for speed, so up to a gigabyte may still wait in the page cache;
# the server's first checkpoint would then have to fsync all of it (half a second in which every
# open waits). Flushed here, the server starts as it would after any restart.
descriptor = os.open(db, os.O_RDONLY)
os.fsync(descriptor)
os.close(descriptor)
if ids:
    ids.close()
