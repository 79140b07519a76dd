import sys
from pathlib import Path

# The tests import the app's package and their shared helpers from the repository root and this folder.
ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
