"""A simulated Docker engine: pure Python, no Django, Channels or Celery.

The common case::

    from engine import Engine

    engine = Engine()
    outcome = engine.execute("docker run -d -p 8001:80 --name web1 nginx")
    print(outcome.output, outcome.exit_code, outcome.prompt)
    data = engine.dump()              # compact bytes for the session store
    engine = Engine.load(data)        # exactly the same engine again
"""

from engine.facade import Engine
from engine.io import Event, Frame, Outcome

__all__ = ["Engine", "Event", "Frame", "Outcome"]
