"""`node app.js` that listens on a port keeps running and answers on its published port."""

from __future__ import annotations

from engine import Engine

APP = "const http = require('http');\\nhttp.createServer((q, r) => r.end('hello from node')).listen(3000);\\n"


def test_a_listening_script_serves_its_port(engine: Engine, sh) -> None:
    sh("mkdir app && cd app", ok=True)
    sh(f'printf "{APP}" > app.js', ok=True)
    sh(
        'printf \'FROM node:18-alpine\\nWORKDIR /app\\nCOPY . .\\nCMD ["node", "app.js"]\\n\' > Dockerfile',
        ok=True,
    )
    sh("docker build -q -t myapp .", ok=True)
    sh("docker run -d -p 3000:3000 --name app myapp", ok=True)
    assert sh("curl -s localhost:3000", ok=True).output == "hello from node"
    assert "Up " in sh("docker ps --format '{{.Status}}'", ok=True).output


def test_a_script_that_does_not_listen_runs_to_completion(engine: Engine, sh) -> None:
    out = sh("docker run --name once node:18-alpine node -e 'console.log(6*7)'", ok=True)
    assert out.output.endswith("42\n")
    assert "Exited (0)" in sh("docker ps -a --format '{{.Status}}'", ok=True).output
