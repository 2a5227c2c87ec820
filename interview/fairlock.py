"""A first-come-first-served lock that knows everyone's place in line.

In the hosted demo several visitors share one model. `GENERATION_LOCK` (below; the torch path in
interview/generation/generator.py and the llama.cpp path in interview/models/llama_backend.py both hold it) keeps
generations from overlapping; this lock sits in front of it in the UI so visitors are served in
arrival order and each can be shown "you are number 2 in line" instead of a frozen page.

    ticket = MODEL_LINE.join()
    while not MODEL_LINE.try_acquire(ticket):
        show(MODEL_LINE.position(ticket)); time.sleep(0.3)
    try: ... finally: MODEL_LINE.release(ticket)
"""
from __future__ import annotations

import itertools
import threading
from contextlib import contextmanager

# One generation at a time per model: torch already uses both cores for one sequence, and the
# hosted demo shares one model between visitors. Here, not in generator.py, so that llama_backend.py
# (which generator.py calls) can hold it without importing generator.py back.
GENERATION_LOCK = threading.Lock()


class FairLock:
    def __init__(self):
        self._cond = threading.Condition()
        self._tickets = itertools.count()
        self._line: list[int] = []       # waiting and active tickets, in arrival order
        self._holder: int | None = None

    def join(self) -> int:
        with self._cond:
            ticket = next(self._tickets)
            self._line.append(ticket)
            return ticket

    def position(self, ticket: int) -> int:
        """How many are ahead of `ticket` (0: it is next or holds the lock)."""
        with self._cond:
            return self._line.index(ticket) if ticket in self._line else 0

    def try_acquire(self, ticket: int, timeout: float = 0.0) -> bool:
        """Take the lock if `ticket` is first in line and the lock is free; wait up to `timeout`."""
        with self._cond:
            ok = self._cond.wait_for(lambda: self._holder is None and self._line and self._line[0] == ticket,
                                     timeout=timeout)
            if ok:
                self._holder = ticket
            return bool(ok)

    def release(self, ticket: int) -> None:
        """Leave the line (whether or not the lock was taken) and wake the next in line."""
        with self._cond:
            if ticket in self._line:
                self._line.remove(ticket)
            if self._holder == ticket:
                self._holder = None
            self._cond.notify_all()

    @contextmanager
    def hold(self, on_wait=None, poll_s: float = 0.5):
        """Wait for this caller's turn, run the block, leave the line; `on_wait(ahead)` is called every
        `poll_s` while others go first (the UI shows "you are number 2 in line").

            with MODEL_LINE.hold():  # speech.transcribe in hosted mode
                run_whisper(...)
        """
        ticket = self.join()
        try:
            while not self.try_acquire(ticket, timeout=poll_s):
                if on_wait is not None:
                    on_wait(self.position(ticket))
            yield
        finally:
            self.release(ticket)

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._line)


MODEL_LINE = FairLock()  # one per process: the models are shared by every session of the server
