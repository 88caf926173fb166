"""Each utility's main flags and its GNU / busybox error wording."""

from __future__ import annotations

import pytest

from engine.process import HttpResponse
from engine.shell.testing import PAGE, Box


@pytest.fixture
def box() -> Box:
    return Box.debian()


@pytest.fixture
def sh() -> Box:
    return Box.alpine()


def test_ls_long_format(box: Box) -> None:
    out = box.run("ls -l /usr/share/nginx/html")[0]
    assert out == (
        "total 8\n"
        "-rw-r--r-- 1 root root 17 Oct 15 22:13 50x.html\n"
        "-rw-r--r-- 1 root root 79 Oct 15 22:13 index.html\n"
    )


def test_ls_link_hidden_and_dir_flags(box: Box) -> None:
    assert box.run("ls -ld /bin")[0] == "lrwxrwxrwx 1 root root 7 Oct 15 22:13 /bin -> usr/bin\n"
    box.run("touch /root/.bashrc /root/file")
    assert box.run("ls /root")[0] == "file\n"
    assert box.run("ls -A /root")[0] == ".bashrc\nfile\n"
    assert box.run("ls -a /root")[0].startswith(".\n..\n.bashrc\n")
    assert box.run("ls -ld /tmp")[0].startswith("drwxrwxrwt 2 root root 4096 ")


def test_ls_multiple_args_and_recursion(box: Box) -> None:
    box.run("mkdir -p /tmp/a/b; touch /tmp/a/f /tmp/a/b/g")
    assert box.run("ls /tmp/a /etc/hostname")[0] == "/etc/hostname\n\n/tmp/a:\nb\nf\n"
    assert box.run("ls -R /tmp/a")[0] == "/tmp/a:\nb\nf\n\n/tmp/a/b:\ng\n"


def test_ls_columns_on_a_terminal(box: Box) -> None:
    out = box.run("ls /", terminal=True)[0]
    assert out == "app  bin  etc  home  lib  root  tmp  usr  var\n"


def test_ls_human_sizes(box: Box) -> None:
    box.fs.write("/tmp/big", "x" * 5000)
    assert " 4.9K " in box.run("ls -lh /tmp/big")[0]


def test_ls_errors(box: Box, sh: Box) -> None:
    assert box.run("ls /nope")[1:] == ("ls: cannot access '/nope': No such file or directory\n", 2)
    assert sh.run("ls /nope")[1:] == ("ls: /nope: No such file or directory\n", 1)
    assert (
        box.run("ls -Z")[1] == "ls: invalid option -- 'Z'\nTry 'ls --help' for more information.\n"
    )


def test_cat(box: Box) -> None:
    assert box.run("cat /etc/hostname")[0] == "3f9c2b7a1d4e\n"
    assert box.run("printf 'a\\nb\\n' | cat -n")[0] == "     1\ta\n     2\tb\n"
    assert box.run("cat /nope")[1:] == ("cat: /nope: No such file or directory\n", 1)
    assert box.run("cat /etc")[1] == "cat: /etc: Is a directory\n"


def test_echo_and_printf(box: Box) -> None:
    assert box.run("echo -n hi")[0] == "hi"
    assert box.run("echo -e 'a\\tb'")[0] == "a\tb\n"
    assert box.run("echo 'a\\tb'")[0] == "a\\tb\n"
    assert box.run("printf '%s=%d\\n' a 1 b 2")[0] == "a=1\nb=2\n"
    assert box.run("printf '%b' 'x\\ny'")[0] == "x\ny"


def test_touch_mkdir_rm_rmdir(box: Box, sh: Box) -> None:
    assert (
        box.run("mkdir /a/b")[1]
        == "mkdir: cannot create directory '/a/b': No such file or directory\n"
    )
    assert (
        sh.run("mkdir /a/b")[1]
        == "mkdir: can't create directory '/a/b': No such file or directory\n"
    )
    assert box.run("mkdir /tmp")[1] == "mkdir: cannot create directory '/tmp': File exists\n"
    assert box.run("mkdir -p /a/b && touch /a/b/c && ls /a/b")[0] == "c\n"
    assert (
        box.run("touch /nope/x")[1] == "touch: cannot touch '/nope/x': No such file or directory\n"
    )
    assert box.run("rm /x")[1] == "rm: cannot remove '/x': No such file or directory\n"
    assert sh.run("rm /x")[1] == "rm: can't remove '/x': No such file or directory\n"
    assert box.run("rm /a")[1] == "rm: cannot remove '/a': Is a directory\n"
    assert box.run("rmdir /a")[1] == "rmdir: failed to remove '/a': Directory not empty\n"
    assert box.run("rm -f /x; echo $?")[0] == "0\n"
    assert box.run("rm -rf /a && ls /a")[1] == "ls: cannot access '/a': No such file or directory\n"


def test_rm_removes_image_files_with_a_whiteout(box: Box) -> None:
    box.run("rm /etc/hostname")
    assert box.fs.upper["/etc/hostname"].kind == "whiteout"


def test_write_copies_up(box: Box) -> None:
    box.run("echo Custom Page > /usr/share/nginx/html/index.html")
    assert box.fs.origin_layer("/usr/share/nginx/html/index.html") == ""
    assert box.run("cat /usr/share/nginx/html/index.html")[0] == "Custom Page\n"


def test_cp_mv_ln(box: Box) -> None:
    assert box.run("cp /nope /tmp")[1] == "cp: cannot stat '/nope': No such file or directory\n"
    assert box.run("cp /etc /tmp")[1] == "cp: -r not specified; omitting directory '/etc'\n"
    box.run("cp /etc/hostname /tmp/h && mv /tmp/h /tmp/h2")
    assert box.run("cat /tmp/h2; ls /tmp")[0] == "3f9c2b7a1d4e\nh2\n"
    box.run("cp -r /usr/share/nginx/html /tmp/site")
    assert box.run("ls /tmp/site")[0] == "50x.html\nindex.html\n"
    box.run("ln -s /etc/hostname /tmp/link")
    assert box.run("cat /tmp/link")[0] == "3f9c2b7a1d4e\n"
    assert "/tmp/link -> /etc/hostname" in box.run("ls -l /tmp/link")[0]


def test_chmod_chown_stat(box: Box) -> None:
    box.run("touch /tmp/s && chmod +x /tmp/s")
    assert box.run("ls -l /tmp/s")[0].startswith("-rwxr-xr-x ")
    box.run("chmod 600 /tmp/s")
    assert box.run("stat /tmp/s")[0].splitlines()[3].startswith("Access: (0600/-rw-------)")
    box.run("chown node:node /tmp/s")
    assert " node node " in box.run("ls -l /tmp/s")[0]
    assert (
        box.run("chmod +x /nope")[1] == "chmod: cannot access '/nope': No such file or directory\n"
    )


def test_grep_flags(box: Box) -> None:
    text = "printf 'Apple\\nbanana\\ncherry\\napple pie\\n'"
    assert box.run(f"{text} | grep -i apple")[0] == "Apple\napple pie\n"
    assert box.run(f"{text} | grep -v a")[0] == "Apple\ncherry\n"
    assert box.run(f"{text} | grep -n an")[0] == "2:banana\n"
    assert box.run(f"{text} | grep -c a")[0] == "2\n"
    assert box.run(f"{text} | grep -o 'an'")[0] == "an\nan\n"
    assert box.run(f"{text} | grep -E 'ch|pie'")[0] == "cherry\napple pie\n"
    assert box.run(f"{text} | grep -w pie")[0] == "apple pie\n"
    assert box.run(f"{text} | grep zzz; echo $?")[0] == "1\n"
    assert box.run("grep -l nginx -r /usr/share")[0] == "/usr/share/nginx/html/index.html\n"
    assert box.run("grep x /nope")[1:] == ("grep: /nope: No such file or directory\n", 2)


def test_head_tail_wc(box: Box) -> None:
    assert box.run("seq 20 | head -n 2")[0] == "1\n2\n"
    assert box.run("seq 20 | head -3 | tail -n 1")[0] == "3\n"
    assert box.run("seq 5 | tail -n +4")[0] == "4\n5\n"
    assert box.run("echo a b | wc -w")[0] == "2\n"
    assert box.run("echo hello | wc")[0] == "      1       1       6\n"
    assert box.run("wc -l /etc/hosts")[0] == "2 /etc/hosts\n"


def test_sort_uniq_cut_tr_tee(box: Box) -> None:
    assert box.run("printf 'b\\na\\nb\\n' | sort -u")[0] == "a\nb\n"
    assert box.run("printf '10\\n9\\n100\\n' | sort -n")[0] == "9\n10\n100\n"
    assert box.run("printf 'a\\na\\nb\\n' | uniq -c")[0] == "      2 a\n      1 b\n"
    assert box.run("echo root:x:0 | cut -d: -f1,3")[0] == "root:0\n"
    assert box.run("echo hello | tr a-z A-Z")[0] == "HELLO\n"
    assert box.run("echo hello | tr -d l")[0] == "heo\n"
    assert box.run("echo x | tee /tmp/t")[0] == "x\n" and box.fs.read("/tmp/t") == "x\n"


def test_find_du_df(box: Box) -> None:
    assert box.run("find /usr/share -name '*.html'")[0] == (
        "/usr/share/nginx/html/50x.html\n/usr/share/nginx/html/index.html\n"
    )
    assert (
        box.run("find /usr/share/nginx -type d")[0] == "/usr/share/nginx\n/usr/share/nginx/html\n"
    )
    assert box.run("find /nope")[1] == "find: '/nope': No such file or directory\n"
    assert box.run("du -sh /usr/share/nginx")[0] == "16K\t/usr/share/nginx\n"
    assert box.run("df -h")[0].startswith("Filesystem      Size  Used Avail Use% Mounted on\n")


def test_small_system_utilities(box: Box) -> None:
    assert box.run("whoami; hostname")[0] == "root\n3f9c2b7a1d4e\n"
    assert box.run("uname -r")[0] == "6.5.0-1025-azure\n"
    assert box.run("uname -m")[0] == "x86_64\n"
    assert box.run("id")[0] == "uid=0(root) gid=0(root) groups=0(root)\n"
    assert box.run("basename /a/b.txt .txt; dirname /a/b.txt")[0] == "b\n/a\n"
    assert box.run("seq 2 4")[0] == "2\n3\n4\n"
    assert box.run("which ls; which nope; echo $?")[0] == "/usr/bin/ls\n1\n"
    assert box.run("date")[0] == "Tue Nov 14 22:13:20 UTC 2023\n"


def test_sleep_advances_machine_time(box: Box) -> None:
    box.run("sleep 2")
    assert box.machine.slept == 2
    assert box.run("sleep x")[1] == (
        "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n"
    )


def test_ps(box: Box, sh: Box) -> None:
    assert box.run("ps aux")[0].startswith(
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
    )
    assert box.run("ps -ef")[0].startswith(
        "UID          PID    PPID  C STIME TTY          TIME CMD\n"
    )
    assert sh.run("ps")[0].startswith("PID   USER     TIME  COMMAND\n")


def test_curl(box: Box) -> None:
    box.fs.put_node("/usr/bin/curl", box.fs.stat("/usr/bin/ls"))  # type: ignore[arg-type]
    box.machine.sites["http://localhost:8001"] = HttpResponse(
        200, "OK", {"Server": "nginx/1.25.2", "Content-Type": "text/html"}, PAGE
    )
    assert box.run("curl http://localhost:8001", terminal=True)[0] == PAGE
    assert box.run("curl -s localhost:8001 | grep title")[0] == "<title>Welcome to nginx!</title>\n"
    head = box.run("curl -I localhost:8001")[0]
    assert head.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.25.2\r\n")
    assert box.run("curl localhost:8002")[1:] == (
        "curl: (7) Failed to connect to localhost port 8002 after 0 ms: Couldn't connect to server\n",
        7,
    )
    assert box.run("curl web1")[1:] == ("curl: (6) Could not resolve host: web1\n", 6)
    assert box.run("curl -s web1")[1:] == ("", 6)
    box.run("curl -s -o /tmp/page localhost:8001")
    assert box.fs.read("/tmp/page") == PAGE


def test_wget_busybox(sh: Box) -> None:
    sh.machine.sites["http://web1"] = HttpResponse(200, "OK", {}, PAGE)
    sh.machine.known_hosts.add("web1")
    assert sh.run("wget -qO- http://web1")[0] == PAGE
    assert sh.run("wget web2")[1] == "wget: bad address 'web2'\n"


def test_editors(box: Box) -> None:
    assert box.run("nano /etc/hosts")[1:] == ("bash: nano: command not found\n", 127)
    box.fs.put_node("/usr/bin/vim", box.fs.stat("/usr/bin/ls"))  # type: ignore[arg-type]
    assert box.run("vim x")[1].startswith("vim: full-screen editors do not run in this terminal")


def test_sed_awk_xargs(box: Box) -> None:
    box.fs.write("/tmp/p.html", "<h1>Welcome to nginx!</h1>\nline two\n")
    box.run("sed -i 's/nginx/Docker/' /tmp/p.html")
    assert box.fs.read("/tmp/p.html") == "<h1>Welcome to Docker!</h1>\nline two\n"
    assert box.run("echo aaa | sed 's/a/b/g'")[0] == "bbb\n"
    assert box.run("printf 'x\\ny\\n' | sed '/x/d'")[0] == "y\n"
    assert (
        box.run("sed 's/a/b' /tmp/p.html")[1]
        == "sed: -e expression #1, char 5: unterminated `s' command\n"
    )
    assert box.run("echo 'a b c' | awk '{print $2}'")[0] == "b\n"
    assert box.run("awk -F: '{print $1}' /etc/passwd | head -1")[0] == "root\n"
    assert box.run("printf '/etc/hostname\\n' | xargs cat")[0] == "3f9c2b7a1d4e\n"
    assert box.run("less /etc/hostname")[0] == "3f9c2b7a1d4e\n"
