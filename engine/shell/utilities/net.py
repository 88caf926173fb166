"""curl and wget over ``machine.http`` (the engine decides what answers where)."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from engine.fs import FsError
from engine.process import HttpError, HttpResponse, Process
from engine.shell.messages import message
from engine.shell.utilities.common import busybox

CURL_VERSION = "7.88.1"
MAX_REDIRECTS = 10


def _normalise(url: str) -> str:
    return url if "://" in url else "http://" + url


def _status_line(r: HttpResponse) -> str:
    return f"HTTP/1.1 {r.status} {r.reason}"


def _meter(size: int) -> str:
    rate = f"{max(size // 1024, 1)}k" if size >= 1024 else f"{size}"
    return (
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
        "                                 Dload  Upload   Total   Spent    Left  Speed\n"
        f"100 {size:5d}  100 {size:5d}    0     0  {rate:>5}      0 --:--:-- --:--:-- --:--:-- {rate:>5}\n"
    )


def curl(p: Process) -> int:
    args = p.argv[1:]
    opts: set[str] = set()
    method = ""
    headers: list[str] = []
    data: list[str] = []
    output = ""
    write_out = ""
    urls: list[str] = []
    i = 0
    long_flags = {
        "--silent": "s",
        "--include": "i",
        "--head": "I",
        "--verbose": "v",
        "--location": "L",
        "--fail": "f",
        "--show-error": "S",
        "--insecure": "k",
        "--remote-name": "O",
    }
    valued = {
        "-X": "X",
        "--request": "X",
        "-H": "H",
        "--header": "H",
        "-d": "d",
        "--data": "d",
        "--data-raw": "d",
        "-o": "o",
        "--output": "o",
        "-w": "w",
        "--write-out": "w",
        "-u": "u",
        "-A": "A",
        "--max-time": "m",
        "-m": "m",
        "--json": "j",
    }
    if args[:1] in (["--version"], ["-V"]):
        p.out(
            f"curl {CURL_VERSION} (x86_64-pc-linux-gnu) libcurl/{CURL_VERSION} OpenSSL/3.0.11 "
            "zlib/1.2.13 brotli/1.0.9 libpsl/0.21.2 nghttp2/1.52.0\n"
            "Protocols: dict file ftp ftps gopher gophers http https imap imaps mqtt pop3 pop3s "
            "rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n"
        )
        return 0
    while i < len(args):
        a = args[i]
        if a in valued:
            if i + 1 >= len(args):
                p.err(f"curl: option {a}: requires parameter\n")
                p.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
                return 2
            key, value = valued[a], args[i + 1]
            if key == "X":
                method = value
            elif key == "H":
                headers.append(value)
            elif key in ("d", "j"):
                data.append(value)
                if key == "j":
                    headers.append("Content-Type: application/json")
            elif key == "o":
                output = value
            elif key == "w":
                write_out = value
            i += 2
            continue
        if a in long_flags:
            opts.add(long_flags[a])
        elif a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            for c in a[1:]:
                if c not in "siIvLfSkO#":
                    p.err(f"curl: option {a}: is unknown\n")
                    p.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
                    return 2
                opts.add(c)
        elif a.startswith("--"):
            p.err(f"curl: option {a}: is unknown\n")
            p.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
            return 2
        else:
            urls.append(a)
        i += 1
    if not urls:
        p.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    silent = "s" in opts and "S" not in opts
    status = 0
    for raw in urls:
        url = _normalise(raw)
        body = "&".join(data)
        verb = method or ("HEAD" if "I" in opts else "POST" if data else "GET")
        try:
            response = _request(p, verb, url, body, opts, headers)
        except HttpError as e:
            if not silent:
                text = (
                    e.message if e.message.startswith("curl:") else f"curl: ({e.code}) {e.message}"
                )
                p.err(text + "\n")
            status = e.code
            if write_out:
                p.out(_write_out(p, write_out, url, verb, None, 0))
            continue
        if "f" in opts and response.status >= 400:
            if not silent:
                p.err(f"curl: (22) The requested URL returned error: {response.status}\n")
            status = 22
            if write_out:
                p.out(_write_out(p, write_out, url, verb, response, 0))
            continue
        head = (
            _status_line(response)
            + "\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
            + "\r\n"
        )
        out = ""
        if "I" in opts:
            out = head
        elif "i" in opts:
            out = head + response.body
        else:
            out = response.body
        target = output or (urlsplit(url).path.rsplit("/", 1)[-1] if "O" in opts else "")
        if target:
            try:
                p.fs.write(target, out, p.cwd)
            except FsError as e:
                p.err(
                    f"curl: (23) Failure writing output to destination, passed {len(out)} returned 0\n"
                    if e.errno != "ENOENT"
                    else f"Warning: Failed to open the file {target}: No such file or directory\n"
                    "curl: (23) Failure writing output to destination\n"
                )
                status = 23
                continue
            if "s" not in opts:
                p.err(_meter(len(out.encode())))
        else:
            if not p.stdout.is_terminal and "s" not in opts and "v" not in opts:
                p.err(_meter(len(out.encode())))
            p.out(out)
        if write_out:
            p.out(_write_out(p, write_out, url, verb, response, len(response.body.encode())))
    return status


_WRITE_OUT_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}
_WRITE_OUT_TOKEN = re.compile(r"%\{([a-z_]+)\}|%%|\\([nrt\\])")


def _write_out(
    p: Process, template: str, url: str, verb: str, response: HttpResponse | None, size: int
) -> str:
    """`curl -w`: the template with %{variable}s filled in (http_code 000 without a response)."""
    header = {k.lower(): v for k, v in (response.headers.items() if response else ())}
    values = {
        "http_code": f"{response.status:03d}" if response else "000",
        "response_code": f"{response.status:03d}" if response else "000",
        "size_download": str(size),
        "content_type": header.get("content-type", ""),
        "url_effective": url,
        "url": url,
        "method": verb,
        "scheme": urlsplit(url).scheme.upper(),
        "num_redirects": "0",
        "redirect_url": header.get("location", ""),
        "time_total": "0.001024",
        "exitcode": "0" if response else "7",
    }

    def fill(match: re.Match[str]) -> str:
        name, escape = match.group(1), match.group(2)
        if escape:
            return _WRITE_OUT_ESCAPES[escape]
        if name is None:
            return "%"
        if name not in values:
            p.err(f"curl: unknown --write-out variable: '{name}'\n")
            return ""
        return values[name]

    return _WRITE_OUT_TOKEN.sub(fill, template)


def _request(
    p: Process, verb: str, url: str, body: str, opts: set[str], headers: list[str]
) -> HttpResponse:
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if "v" in opts:
            p.err(f"*   Trying {host}:{port}...\n")
        response = p.machine.http(p, verb, url, body)
        if "v" in opts:
            path = parts.path or "/"
            shown = f"{host}:{port}" if parts.port else host
            p.err(
                f"* Connected to {host} ({host}) port {port} (#0)\n"
                f"> {verb} {path}{'?' + parts.query if parts.query else ''} HTTP/1.1\n"
                f"> Host: {shown}\n> User-Agent: curl/{CURL_VERSION}\n> Accept: */*\n"
                + "".join(f"> {h}\n" for h in headers)
                + ">\n"
                + f"< {_status_line(response)}\n"
                + "".join(f"< {k}: {v}\n" for k, v in response.headers.items())
                + "<\n"
            )
        location = next((v for k, v in response.headers.items() if k.lower() == "location"), "")
        if "L" in opts and 300 <= response.status < 400 and location:
            url = location if "://" in location else f"{parts.scheme}://{parts.netloc}{location}"
            continue
        if "v" in opts:
            p.err(f"* Connection #0 to host {host} left intact\n")
        return response
    raise HttpError(47, f"Maximum ({MAX_REDIRECTS}) redirects followed")


def wget(p: Process) -> int:
    args = p.argv[1:]
    quiet = False
    output = ""
    urls: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-O", "--output-document"):
            output = args[i + 1] if i + 1 < len(args) else ""
            i += 2
            continue
        if a.startswith("-") and len(a) > 1:
            if "q" in a:
                quiet = True
            if "O" in a:
                rest = a.split("O", 1)[1]
                if rest:
                    output = rest
                else:
                    output = args[i + 1] if i + 1 < len(args) else ""
                    i += 1
        else:
            urls.append(a)
        i += 1
    if not urls:
        if busybox(p):
            p.err(
                "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\n"
                "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
            )
        else:
            p.err(
                "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                "Try `wget --help' for more options.\n"
            )
        return 1
    status = 0
    for raw in urls:
        url = _normalise(raw)
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or 80
        name = output or parts.path.rsplit("/", 1)[-1] or "index.html"
        try:
            response = p.machine.http(p, "GET", url, "")
        except HttpError as e:
            if busybox(p):
                if e.code == 6:
                    p.err(f"wget: bad address '{host}'\n")
                else:
                    p.err(f"Connecting to {host}:{port} ({host}:{port})\n" if not quiet else "")
                    p.err(f"wget: can't connect to remote host ({host}): Connection refused\n")
            else:
                p.err(f"--{_stamp(p)}--  {url}\n")
                if e.code == 6:
                    p.err(
                        f"Resolving {host} ({host})... failed: Name or service not known.\n"
                        f"wget: unable to resolve host address ‘{host}’\n"
                    )
                else:
                    p.err(
                        f"Connecting to {host} ({host})|{host}|:{port}... failed: Connection refused.\n"
                    )
            status = 4 if not busybox(p) else 1
            continue
        size = len(response.body.encode())
        if response.status >= 400:
            if busybox(p):
                p.err(
                    f"wget: server returned error: HTTP/1.1 {response.status} {response.reason}\n"
                )
                status = 1
            else:
                p.err(f"{_stamp(p)} ERROR {response.status}: {response.reason}.\n")
                status = 8
            continue
        to_stdout = name == "-"
        if not quiet:
            if busybox(p):
                p.err(f"Connecting to {host}:{port} ({host}:{port})\n")
                if not to_stdout:
                    p.err(f"saving to '{name}'\n")
                p.err(
                    f"{name[:20]:<20} 100% |********************************| {size:5d}  0:00:00 ETA\n"
                )
                if not to_stdout:
                    p.err(f"'{name}' saved\n")
            else:
                p.err(
                    f"--{_stamp(p)}--  {url}\n"
                    f"Connecting to {host}:{port}... connected.\n"
                    f"HTTP request sent, awaiting response... {response.status} {response.reason}\n"
                    f"Length: {size} [text/html]\nSaving to: ‘{'STDOUT' if to_stdout else name}’\n\n"
                    f"{name[:18]:<18}  100%[===================>] {size:7d}  --.-KB/s    in 0s\n\n"
                    f"{_stamp(p)} (50.2 MB/s) - ‘{name}’ saved [{size}/{size}]\n\n"
                )
        if to_stdout:
            p.out(response.body)
        else:
            try:
                p.fs.write(name, response.body, p.cwd)
            except FsError as e:
                p.err(f"wget: can't open '{name}': {e.strerror}\n")
                status = 1
    return status


def _stamp(p: Process) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(p.machine.now()))


def ping(p: Process) -> int:
    """`ping [-c N] HOST`: answers come from loopback, the gateway and running containers.
    Without -c a real ping runs until Ctrl+C; here it stops after 4 packets."""
    args = p.argv[1:]
    count = 4
    host = ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-c" and i + 1 < len(args):
            count = int(args[i + 1]) if args[i + 1].isdigit() else 0
            i += 2
            continue
        if arg.startswith("-c") and arg[2:].isdigit():
            count = int(arg[2:])
        elif not arg.startswith("-"):
            host = arg
        i += 1
    bb = busybox(p)
    if not host:
        p.err(
            "BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n"
            if bb
            else "ping: usage error: Destination address required\n"
        )
        return 1 if bb else 2
    if count <= 0 or count > 100:
        count = 4
    resolve = getattr(p.machine, "resolve", None)
    try:
        ip = resolve(p, host) if resolve else host
    except HttpError:
        p.err(
            f"ping: bad address '{host}'\n" if bb else f"ping: {host}: Name or service not known\n"
        )
        return 1 if bb else 2
    alive = getattr(p.machine, "reachable", lambda _ip: True)(ip)
    if bb:
        p.out(f"PING {host} ({ip}): 56 data bytes\n")
    else:
        p.out(f"PING {host} ({ip}) 56(84) bytes of data.\n")
    times = [0.05 + 0.011 * n for n in range(count)]
    for n in range(count):
        p.stdout.wait(1.0 if n else 0.0)
        if alive:
            if bb:
                p.out(f"64 bytes from {ip}: seq={n} ttl=64 time={times[n]:.3f} ms\n")
            else:
                p.out(f"64 bytes from {ip}: icmp_seq={n + 1} ttl=64 time={times[n]:.3f} ms\n")
    received = count if alive else 0
    loss = 0 if alive else 100
    p.out(f"\n--- {host} ping statistics ---\n")
    if bb:
        p.out(f"{count} packets transmitted, {received} packets received, {loss}% packet loss\n")
        if alive:
            p.out(
                f"round-trip min/avg/max = {min(times):.3f}/{sum(times) / count:.3f}/{max(times):.3f} ms\n"
            )
    else:
        p.out(
            f"{count} packets transmitted, {received} received, {loss}% packet loss, time {max(count - 1, 0) * 1000}ms\n"
        )
        if alive:
            p.out(
                f"rtt min/avg/max/mdev = {min(times):.3f}/{sum(times) / count:.3f}/{max(times):.3f}/0.010 ms\n"
            )
    return 0 if alive else 1


# -- git ---------------------------------------------------------------------------------------

GIT_VERSION = "2.39.2"  # Debian bookworm's, as in the node and python images


def git(p: Process) -> int:
    """`git clone` fails as it does without a network, then says how to get the files here."""
    ctx = getattr(p.state.get("shell"), "ctx", None)  # the learner's language
    words = [a for a in p.argv[1:] if not a.startswith("-")]
    if p.argv[1:2] in (["--version"], ["version"]):
        p.out(f"git version {GIT_VERSION}\n")
        return 0
    if words[:1] != ["clone"] or len(words) < 2:
        p.err(f"git: {message('not_simulated', ctx)}\n")
        return 0
    url = words[1]
    target = words[2] if len(words) > 2 else url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    host = urlsplit(url).hostname or url.split("@")[-1].split(":")[0]
    p.err(f"Cloning into '{target}'...\n")
    if url.startswith(("http://", "https://")):
        p.err(f"fatal: unable to access '{url.rstrip('/')}/': Could not resolve host: {host}\n")
    else:
        p.err(
            f"ssh: Could not resolve hostname {host}: Name or service not known\n"
            "fatal: Could not read from remote repository.\n\n"
            "Please make sure you have the correct access rights\nand the repository exists.\n"
        )
    p.err(message("git_offline", ctx) + "\n")
    return 128
