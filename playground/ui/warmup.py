"""Server start-up: load, once per server process, what every session's first run would otherwise wait for;
then keep the garbage of finished sessions from piling up.

`import torch` takes ~1.6 s, and the first optimizer ~2 s more (torch.optim imports torch._dynamo).
Streamlit runs every session in this one process, so after this even the first visitor skips both.

Streamlit's full garbage collection after every script run is off (.streamlit/config.toml): with torch
loaded it took ~150 ms of every live fragment run. Instead, what start-up loaded is frozen out of the
collector's sight, and a full collection runs once a minute, so a closed session's trainer (its objects
hold reference cycles) is freed within a minute even on a server with no one else on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from typing import Any

COLLECT_EVERY_S = 60.0


def _first_model() -> None:
    from playground.config import preset
    from playground.trainer import Trainer

    Trainer(preset("sine")).step(1)  # a model, its optimizer and one step: every lazy import is done


async def _collect_garbage(every: float) -> None:
    while True:
        await asyncio.sleep(every)
        gc.collect()


@contextlib.asynccontextmanager
async def warm_up(app: Any) -> AsyncIterator[None]:
    """The st.App lifespan: the server answers once the warm-up is done, and collects garbage while it runs."""
    await asyncio.to_thread(_first_model)
    gc.collect()
    gc.freeze()  # modules and start-up objects live as long as the server: full collections skip them
    collector = asyncio.create_task(_collect_garbage(COLLECT_EVERY_S))
    try:
        yield
    finally:
        collector.cancel()
