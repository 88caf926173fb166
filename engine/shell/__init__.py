"""The shells: a POSIX-ish parser and interpreter plus the utilities they run.

from engine.shell import ShellSession, run
result = run("ls -l /etc | grep host", session, ctx)
"""

from engine.shell.interpreter import ShellContext, ShellResult, ShellSession, run
from engine.shell.parser import needs_more
from engine.shell.prompt import prompt

__all__ = ["ShellContext", "ShellResult", "ShellSession", "needs_more", "prompt", "run"]
