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


def engine_modules() -> list[str]:
    names = []
    for path in engine_files():
        parts = path.relative_to(ENGINE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def test_every_engine_module_imports_on_its_own():
    """Each in a fresh interpreter: an import cycle shows only when its module is the first one imported."""
    import subprocess
    import sys

    script = ("import importlib, sys\nfailed = []\nfor name in sys.argv[1:]:\n"
              "    for loaded in [m for m in sys.modules if m == 'playground' or m.startswith('playground.')]:\n"
              "        del sys.modules[loaded]\n"
              "    try:\n        importlib.import_module(name)\n"
              "    except Exception as error:\n        failed.append(f'{name}: {error!r}')\n"
              "print('\\n'.join(failed))\n")
    modules = engine_modules()
    assert "playground.windowing" in modules
    result = subprocess.run([sys.executable, "-c", script, *modules], capture_output=True, text=True,
                            cwd=ENGINE.parent, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
