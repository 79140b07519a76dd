"""Server start-up (playground/ui/warmup.py) and the server object that `streamlit run app.py` finds."""

import asyncio
import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import streamlit as st

from playground.ui.warmup import warm_up

APP = Path(__file__).resolve().parent.parent / "app.py"


def test_warm_up_leaves_torch_and_the_optimizers_imports_loaded():
    async def start_and_stop():
        async with warm_up(None):
            return set(sys.modules)

    # In a thread of its own: the browser tests' sync Playwright leaves an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        loaded = pool.submit(asyncio.run, start_and_stop()).result()
    assert {"torch", "torch.optim", "torch._dynamo"} <= loaded


def test_app_imported_as_a_module_is_the_server_and_draws_nothing():
    spec = importlib.util.spec_from_file_location("app_under_test", APP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # as `streamlit run` does; the home page only runs as "__main__"
    assert isinstance(module.app, st.App)
    assert callable(module.home)
