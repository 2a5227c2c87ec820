"""Local history in SQLite (stdlib sqlite3, WAL mode) under the user data folder.

Every turn is written the moment it exists (question asked, answer scored, feedback written), so a
crash or reload loses nothing. Sessions and turns are stored as the JSON of their `to_dict` and read
back with `from_dict` (interview/session.py): the only place they are dicts. Rows carry an `owner` (browser/visitor id): in hosted mode every
query is filtered by it, so visitors never see each other's sessions.

Hosted retention: a visitor's data is deleted HOSTED_RETENTION_HOURS after their last activity
(purge_idle_owners, run by the app at most once an hour), so data whose private link is lost does
not stay on the server; a visitor can delete it earlier on History.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from interview.config import get_settings
from interview.session import InterviewSession, Turn

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, created_at REAL NOT NULL, finished INTEGER NOT NULL,
    data TEXT NOT NULL                  -- the session without its turns, as JSON
);
CREATE TABLE IF NOT EXISTS turns (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    owner TEXT NOT NULL, position INTEGER NOT NULL, created_at REAL NOT NULL,
    data TEXT NOT NULL                  -- the Turn as JSON
);
CREATE INDEX IF NOT EXISTS turns_by_session ON turns(session_id, position);
CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions(owner, created_at);
"""

_lock = threading.Lock()  # sqlite3 connections are per call; the lock serialises writers in-process
HOSTED_RETENTION_HOURS = 24  # hosted mode: hours after a visitor's last new question until their data is deleted


def db_path() -> Path:
    return get_settings().data_dir / "history.sqlite3"


@contextmanager
def connect(path: Path | None = None):
    path = Path(path or db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.executescript(SCHEMA)
        yield con
        con.commit()
    finally:
        con.close()


def save_session(session: InterviewSession) -> None:
    """Insert or update the session row (not its turns)."""
    data = {k: v for k, v in session.to_dict().items() if k != "turns"}
    with _lock, connect() as con:
        con.execute(
            "INSERT INTO sessions(id, owner, created_at, finished, data) VALUES (?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET finished=excluded.finished, data=excluded.data",
            (session.id, session.owner, session.created_at, int(session.finished), json.dumps(data)),
        )


def save_turn(session: InterviewSession, turn: Turn) -> None:
    """Insert or update one turn; called every time a turn gains something (answer, feedback...)."""
    position = session.turns.index(turn) if turn in session.turns else len(session.turns)
    with _lock, connect() as con:
        con.execute(
            "INSERT INTO turns(id, session_id, owner, position, created_at, data) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET data=excluded.data, position=excluded.position",
            (turn.id, session.id, session.owner, position, turn.created_at, json.dumps(turn.to_dict())),
        )


def list_sessions(owner: str | None) -> list[InterviewSession]:
    """Sessions of `owner` (all owners when None: local single-user mode), newest first, with turns."""
    with connect() as con:
        if owner is None:
            rows = con.execute("SELECT id FROM sessions ORDER BY created_at DESC").fetchall()
        else:
            rows = con.execute("SELECT id FROM sessions WHERE owner=? ORDER BY created_at DESC", (owner,)).fetchall()
    return [s for (sid,) in rows if (s := load_session(sid, owner)) is not None]


def load_session(session_id: str, owner: str | None) -> InterviewSession | None:
    """One session with its turns, or None if it does not exist or belongs to someone else."""
    with connect() as con:
        row = con.execute("SELECT owner, data FROM sessions WHERE id=?", (session_id,)).fetchone()
        if row is None or (owner is not None and row[0] != owner):
            return None
        turns = con.execute("SELECT data FROM turns WHERE session_id=? ORDER BY position", (session_id,)).fetchall()
    d = json.loads(row[1])
    d["turns"] = [json.loads(t) for (t,) in turns]
    return InterviewSession.from_dict(d)


def delete_owner_data(owner: str | None) -> int:
    """Delete every session and turn of `owner` (all data when None). Returns sessions deleted."""
    with _lock, connect() as con:
        if owner is None:
            n = con.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            con.execute("DELETE FROM turns")
            con.execute("DELETE FROM sessions")
        else:
            n = con.execute("SELECT COUNT(*) FROM sessions WHERE owner=?", (owner,)).fetchone()[0]
            con.execute("DELETE FROM turns WHERE owner=?", (owner,))
            con.execute("DELETE FROM sessions WHERE owner=?", (owner,))
    return n


def purge_idle_owners(max_idle_s: float, now: float | None = None) -> int:
    """Delete all data of every owner whose newest session or turn is older than `max_idle_s`
    (hosted mode: nobody can reach it once its private link is gone). Returns sessions deleted.
    An owner active within the window keeps all their sessions, old ones included."""
    cutoff = (time.time() if now is None else now) - max_idle_s
    idle = """SELECT owner FROM (SELECT owner, created_at AS t FROM sessions
                                UNION ALL SELECT owner, created_at AS t FROM turns)
              GROUP BY owner HAVING MAX(t) < ?"""
    with _lock, connect() as con:
        n = con.execute(f"SELECT COUNT(*) FROM sessions WHERE owner IN ({idle})", (cutoff,)).fetchone()[0]
        con.execute(f"DELETE FROM turns WHERE owner IN ({idle})", (cutoff,))
        con.execute(f"DELETE FROM sessions WHERE owner IN ({idle})", (cutoff,))
    return n
