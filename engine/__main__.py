"""`python -m engine`: an offline terminal. `python -m engine --jsonl`: one JSON object per line.

In JSONL mode each input line is executed and answered with
`{"input", "output", "exit_code", "prompt"}` (flushed per line). A line `^C` is Ctrl+C and `^P^Q`
detaches. `sleep N` on the host advances simulated time by N seconds.
"""

from __future__ import annotations

import argparse
import json
import sys

from engine.facade import Engine


def _respond(engine: Engine, line: str):
    if line == "^C":
        return engine.interrupt()
    if line == "^P^Q":
        return engine.detach()
    return engine.execute(line)


def jsonl(engine: Engine) -> int:
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        outcome = _respond(engine, line)
        record = {
            "input": line,
            "output": outcome.output,
            "exit_code": outcome.exit_code,
            "prompt": outcome.prompt,
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def interactive(engine: Engine) -> int:
    while True:
        try:
            line = input(engine.prompt())
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            outcome = engine.interrupt()
            sys.stdout.write(outcome.output)
            continue
        outcome = _respond(engine, line)
        if outcome.clear:
            sys.stdout.write("\x1b[2J\x1b[H")
        sys.stdout.write(outcome.output)
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--jsonl", action="store_true", help="read lines on stdin, write JSON lines"
    )
    parser.add_argument("--seed", help="seed for ids and names (deterministic runs)")
    parser.add_argument("--lang", default="en", choices=["en", "zh-hans"])
    parser.add_argument(
        "--clock", type=float, help="start the simulated clock at this epoch and freeze it"
    )
    args = parser.parse_args(argv)
    clock = (lambda: args.clock) if args.clock is not None else None
    engine = Engine(seed=args.seed, lang=args.lang, **({"clock": clock} if clock else {}))
    return jsonl(engine) if args.jsonl else interactive(engine)


if __name__ == "__main__":
    raise SystemExit(main())
