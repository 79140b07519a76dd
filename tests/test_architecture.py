"""Dependencies run one way: pages -> playground.ui -> engine. The engine never imports streamlit."""

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "playground"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def engine_files():
    return [p for p in ENGINE.rglob("*.py") if "ui" not in p.relative_to(ENGINE).parts]


def test_engine_never_imports_streamlit():
    offenders = [str(p.relative_to(ENGINE)) for p in engine_files()
                 if any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(p))]
    assert engine_files() and offenders == []


def test_engine_never_imports_the_ui():
    offenders = [str(p.relative_to(ENGINE)) for p in engine_files()
                 if any(m.startswith("playground.ui") for m in imported_modules(p))]
    assert offenders == []
