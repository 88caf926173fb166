"""The terminal session: websocket consumer, executors, session store, limits, controls."""
