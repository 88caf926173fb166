import sys
from pathlib import Path

# sample_state.py sits beside the tests (no package __init__ here, to keep test ids short).
sys.path.insert(0, str(Path(__file__).parent))
