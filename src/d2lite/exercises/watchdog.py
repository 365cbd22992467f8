"""The per-case time limit: a watchdog thread that stops a case running past its limit.

A learner's infinite loop (``while True: pass``, a generator that never yields)
must not hang the notebook. Each case runs in the checking thread itself, so the
learner's code sees the same thread, torch settings and globals as ever; a
watchdog thread waits for the limit and, if the case is still running, raises
`CaseTimeout` in the checking thread with CPython's
``PyThreadState_SetAsyncExc``. That works on every platform and in any thread
(no signals), with one limit: the exception is raised between Python bytecodes,
so a single long C call (one huge torch operation) is interrupted only when it
returns. While the case goes on, the watchdog raises it again every half second,
in case a bare ``except:`` swallowed it.

`CaseTimeout` derives from BaseException, so the learner's ``except Exception``
cannot swallow it. When the case ends, `stop` ends the watchdog (joined, so it can
never fire later) and clears any exception still pending for the thread: nothing
can escape into the learner's notebook after the check returns. A Python without
``ctypes.pythonapi`` (not CPython) runs the cases without a limit.
"""

from __future__ import annotations

import ctypes
import queue
import threading

__all__ = ["CaseTimeout", "Watchdog"]

_REPEAT_S = 0.5  # after the limit, raise again this often until the case ends


class CaseTimeout(BaseException):
    """Raised in the checking thread when a case runs past its time limit."""


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    api = getattr(ctypes, "pythonapi", None)
    if api is None:
        return
    target = ctypes.py_object(exc) if exc is not None else None
    changed = api.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target)
    if changed > 1:  # never expected: undo, as the C API's documentation says
        api.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


class Watchdog:
    """Raise `CaseTimeout` in the calling thread if `stop` is not called within `limit` s.

    Usage: ``dog = Watchdog(limit); try: run() finally: fired = dog.stop()``.
    """

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.fired = False
        self._thread_id = threading.get_ident()
        self._stopped: queue.SimpleQueue[None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._watch, name="d2lite-check-watchdog")
        self._thread.daemon = True
        self._active = getattr(ctypes, "pythonapi", None) is not None
        if self._active:
            self._thread.start()

    def _watch(self) -> None:
        timeout = self.limit
        while True:
            try:
                self._stopped.get(timeout=timeout)
                return
            except queue.Empty:
                pass
            self.fired = True
            _set_async_exc(self._thread_id, CaseTimeout)
            timeout = _REPEAT_S

    def stop(self) -> bool:
        """End the watchdog for good and return whether it fired.

        A `CaseTimeout` that arrives while stopping (the limit passed just as the
        case ended) is absorbed here; after the watchdog is joined, any exception
        still pending for this thread is cleared.
        """
        if not self._active:
            return False
        while True:
            try:
                self._stopped.put(None)  # a second put, after an interruption, is harmless
                self._thread.join()
                break
            except CaseTimeout:
                continue
        _set_async_exc(self._thread_id, None)
        return self.fired
