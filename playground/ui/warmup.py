"""Server start-up: load, once per server process, what every session's first run would otherwise wait for.

`import torch` takes ~1.6 s, and the first optimizer ~2 s more (torch.optim imports torch._dynamo).
Streamlit runs every session in this one process, so after this even the first visitor skips both.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any


def _first_model() -> None:
    from playground.config import preset
    from playground.trainer import Trainer

    Trainer(preset("sine")).step(1)  # a model, its optimizer and one step: every lazy import is done


@contextlib.asynccontextmanager
async def warm_up(app: Any) -> AsyncIterator[None]:
    """The st.App lifespan: the server answers once this is done."""
    await asyncio.to_thread(_first_model)
    yield
