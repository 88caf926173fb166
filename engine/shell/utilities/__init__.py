"""Every utility the shells can run, by program name: ``UTILITIES["ls"](process) -> int``.

A utility runs only when its binary is found on ``$PATH`` in the filesystem the shell sees, so
an image decides what exists (``curl`` after ``apt-get install curl``, no ``bash`` in alpine).
"""

from __future__ import annotations

from engine.process import Utility
from engine.shell.packages import apk, apt, npm, pip, yarn
from engine.shell.utilities import editing, files, net, system, testexpr, text

UTILITIES: dict[str, Utility] = {
    # files
    "ls": files.ls,
    "touch": files.touch,
    "mkdir": files.mkdir,
    "rm": files.rm,
    "rmdir": files.rmdir,
    "cp": files.cp,
    "mv": files.mv,
    "ln": files.ln,
    "readlink": files.readlink,
    "realpath": files.realpath,
    "chmod": files.chmod,
    "chown": files.chown,
    "stat": files.stat,
    "find": files.find,
    "du": files.du,
    "df": files.df,
    # text
    "cat": text.cat,
    "echo": text.echo,
    "printf": text.printf,
    "grep": text.grep,
    "egrep": text.grep,
    "head": text.head,
    "tail": text.tail,
    "wc": text.wc,
    "sort": text.sort,
    "uniq": text.uniq,
    "cut": text.cut,
    "tr": text.tr,
    "tee": text.tee,
    "seq": text.seq,
    "yes": text.yes,
    "basename": text.basename,
    "dirname": text.dirname,
    "sed": editing.sed,
    "awk": editing.awk,
    "xargs": editing.xargs,
    "more": editing.more,
    "less": editing.more,
    "test": testexpr.test_command,
    "[": testexpr.test_command,
    # system
    "env": system.env,
    "printenv": system.printenv,
    "whoami": system.whoami,
    "hostname": system.hostname,
    "uname": system.uname,
    "id": system.id_,
    "ps": system.ps,
    "date": system.date,
    "sleep": system.sleep,
    "which": system.which,
    "true": system.true,
    "false": system.false,
    "pwd": system.pwd,
    "clear": system.clear,
    "nano": system.editor,
    "vi": system.editor,
    "vim": system.editor,
    "history": system.history,
    # network
    "curl": net.curl,
    "ping": net.ping,
    "wget": net.wget,
    "git": net.git,
    # package managers
    "apt-get": apt.apt_get,
    "apt": apt.apt_get,
    "apk": apk.apk,
    "npm": npm.npm,
    "yarn": yarn.yarn,
    "pip": pip.pip,
    "pip3": pip.pip,
}

# Binaries a base image needs on $PATH for the utilities above (catalog owners: put these in
# /bin or /usr/bin of each image's filesystem; busybox images link them all to /bin/busybox).
COREUTILS = sorted(
    name
    for name in UTILITIES
    if name
    not in {
        "curl",
        "wget",
        "apt-get",
        "apt",
        "apk",
        "npm",
        "yarn",
        "git",
        "pip",
        "pip3",
        "nano",
        "vi",
        "vim",
    }
)
