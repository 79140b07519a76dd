"""Server start-up (playground/ui/warmup.py) and the server object that `streamlit run app.py` finds."""

import asyncio
import gc
import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import streamlit as st

from playground.ui import warmup
from playground.ui.warmup import warm_up

APP = Path(__file__).resolve().parent.parent / "app.py"


def _serve(coroutine):
    """Run a coroutine that enters the lifespan, in a thread of its own (the browser tests' sync Playwright
    leaves an event loop running in this one); then unfreeze what it froze, as other tests follow."""
    try:
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()
    finally:
        gc.unfreeze()


def test_warm_up_leaves_torch_and_the_optimizers_imports_loaded():
    async def start_and_stop():
        async with warm_up(None):
            return set(sys.modules)

    assert {"torch", "torch.optim", "torch._dynamo"} <= _serve(start_and_stop())


def test_warm_up_freezes_start_up_objects_and_collects_garbage_while_serving(monkeypatch):
    collections = []
    monkeypatch.setattr(warmup, "COLLECT_EVERY_S", 0.01)
    monkeypatch.setattr(warmup.gc, "collect", lambda *args: collections.append(args) or 0)

    async def serve_a_while():
        async with warm_up(None):
            frozen = gc.get_freeze_count()
            before = len(collections)
            await asyncio.sleep(0.2)
            return frozen, len(collections) - before

    frozen, collected = _serve(serve_a_while())
    assert frozen > 0
    assert collected >= 2  # the periodic collection ran while the server was up


def test_app_imported_as_a_module_is_the_server_and_draws_nothing():
    spec = importlib.util.spec_from_file_location("app_under_test", APP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # as `streamlit run` does; the home page only runs as "__main__"
    assert isinstance(module.app, st.App)
    assert callable(module.home)
