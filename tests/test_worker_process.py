"""Coordinators' heavy work runs in one separate process below the bot's priority, so it
never holds the bot's GIL and the kernel serves villagers first on a busy machine."""

from __future__ import annotations

import os
import sys

import pytest

from core.worker_process import WORKER_NICENESS, run_in_worker


@pytest.mark.skipif(sys.platform == "win32", reason="os.nice is Unix only")
async def test_heavy_work_runs_in_one_other_process_at_a_lower_priority() -> None:
    first = await run_in_worker(os.getpid)
    assert first != os.getpid()
    assert await run_in_worker(os.getpid) == first  # kept, not one process per call
    assert await run_in_worker(os.nice, 0) >= min(19, os.nice(0) + WORKER_NICENESS)
