"""Walk Docker's "getting started" workshop (the todo app) in order, as a learner pastes it.

The repository cannot be cloned offline, so the app's files are written with heredocs; every
other command is the workshop's own. Outputs are asserted where Docker 27, Compose v2.32,
yarn 1.22.19 and express print something known.
"""

from __future__ import annotations

import re

import pytest

from engine import Engine

PACKAGE_JSON = """cat > package.json <<'EOF'
{
  "name": "101-app",
  "version": "1.0.0",
  "main": "index.js",
  "license": "MIT",
  "scripts": {
    "dev": "nodemon src/index.js"
  },
  "dependencies": {
    "express": "^4.18.2",
    "mysql2": "^2.3.3",
    "sqlite3": "^5.1.6"
  },
  "devDependencies": {
    "nodemon": "^3.0.1"
  }
}
EOF"""

INDEX_JS = """mkdir -p src/static && cat > src/index.js <<'EOF'
const express = require('express');
const app = express();
app.use(express.json());
app.use(express.static(__dirname + '/static'));
app.listen(3000, () => console.log('Listening on port 3000'));
EOF"""

DOCKERFILE = """cat > Dockerfile <<'EOF'
# syntax=docker/dockerfile:1

FROM node:18-alpine
WORKDIR /app
COPY . .
RUN yarn install --production
CMD ["node", "src/index.js"]
EXPOSE 3000
EOF"""

COMPOSE = """cat > compose.yaml <<'EOF'
services:
  app:
    image: node:18-alpine
    command: sh -c "yarn install && yarn run dev"
    ports:
      - 127.0.0.1:3000:3000
    working_dir: /app
    volumes:
      - ./:/app
    environment:
      MYSQL_HOST: mysql
      MYSQL_USER: root
      MYSQL_PASSWORD: secret
      MYSQL_DB: todos

  mysql:
    image: mysql:8.0
    volumes:
      - todo-mysql-data:/var/lib/mysql
    environment:
      MYSQL_ROOT_PASSWORD: secret
      MYSQL_DATABASE: todos

volumes:
  todo-mysql-data:
EOF"""

YARN_INSTALL_STEPS = [
    "[1/4] Resolving packages...",
    "[2/4] Fetching packages...",
    "[3/4] Linking dependencies...",
    "[4/4] Building fresh packages...",
]
NODEMON_START = [
    "yarn run v1.22.19",
    "$ nodemon src/index.js",
    "[nodemon] 3.1.4",
    "[nodemon] to restart at any time, enter `rs`",
    "[nodemon] watching path(s): *.*",
    "[nodemon] watching extensions: js,mjs,cjs,json",
    "[nodemon] starting `node src/index.js`",
    "Listening on port 3000",
]


def lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n") if text else []


def build_log(output: str, step: str) -> list[str]:
    """The lines a build step printed, without the `#8 0.200 ` prefix."""
    number = re.search(rf"^#(\d+) \[[^\]]*\] {re.escape(step)}$", output, re.M)
    assert number, output
    prefix = re.compile(rf"^#{number.group(1)} \d+\.\d+ (.*)$")
    return [m.group(1) for line in lines(output) if (m := prefix.match(line))]


@pytest.fixture
def app(sh) -> None:
    """Part 1's starting point: the app's files in ./getting-started-app."""
    sh("mkdir getting-started-app && cd getting-started-app", ok=True)
    for block in (PACKAGE_JSON, INDEX_JS, DOCKERFILE, "printf 'node_modules\\n' > .dockerignore"):
        sh(block, ok=True)


def test_git_clone_says_there_is_no_network(sh) -> None:
    out = sh("git clone https://github.com/docker/getting-started-app.git")
    assert out.exit_code == 128
    assert lines(out.output) == [
        "Cloning into 'getting-started-app'...",
        "fatal: unable to access 'https://github.com/docker/getting-started-app.git/': "
        "Could not resolve host: github.com",
        "playground: there is no internet here, so git cannot fetch a repository; "
        "write the files with a heredoc instead, e.g. cat > package.json <<'EOF'",
    ]
    assert sh("git --version", ok=True).output == "git version 2.39.2\n"


def test_git_clone_message_in_chinese(clock) -> None:
    engine = Engine(seed="test", clock=clock, lang="zh-hans")
    out = engine.execute("git clone https://github.com/docker/getting-started-app.git", "t")
    assert lines(out.output)[-1].startswith("练习场：这里没有互联网，git 无法获取仓库")


def test_node_images_ship_yarn_1_22_19(sh) -> None:
    for image in ("node:18-alpine", "node:18"):
        out = sh(f"docker run --rm {image} yarn --version", ok=True)
        assert lines(out.output)[-1] == "1.22.19"
    out = sh("docker run --rm node:18-alpine readlink -f /usr/local/bin/yarn", ok=True)
    assert lines(out.output)[-1] == "/opt/yarn-v1.22.19/bin/yarn"


def test_part2_build_and_run_the_app(sh, app) -> None:
    build = sh("docker build -t getting-started .", ok=True).output
    assert build_log(build, "RUN yarn install --production") == [
        "yarn install v1.22.19",
        "info No lockfile found.",
        *YARN_INSTALL_STEPS,
        "success Saved lockfile.",
        "Done in 7.75s.",
    ]
    assert "naming to docker.io/library/getting-started:latest done" in build

    run = sh("docker run -dp 127.0.0.1:3000:3000 getting-started", ok=True).output
    assert re.fullmatch(r"[0-9a-f]{64}\n", run)
    table = lines(sh("docker ps", ok=True).output)
    assert table[1].startswith(f'{run[:12]}   getting-started   "docker-entrypoint.s…"')
    assert "   127.0.0.1:3000->3000/tcp   " in table[1]
    assert sh(f"docker logs {run[:12]}", ok=True).output == "Listening on port 3000\n"

    # --production leaves the dev dependency out of the image
    listing = sh("docker run --rm getting-started ls node_modules", ok=True).output
    assert "express" in listing.split() and "nodemon" not in listing.split()


def test_curl_the_app_gets_express_answers(sh, app) -> None:
    sh("docker build -t getting-started .", ok=True)
    sh("docker run -dp 127.0.0.1:3000:3000 getting-started", ok=True)
    assert sh("curl localhost:3000/missing", ok=True).output == (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
        "</head>\n<body>\n<pre>Cannot GET /missing</pre>\n</body>\n</html>\n"
    )
    head = sh("curl -si localhost:3000/missing", ok=True).output.split("\r\n")
    assert head[:2] == ["HTTP/1.1 404 Not Found", "X-Powered-By: Express"]

    # the static folder the app serves (the real repository ships the React UI there)
    sh("docker rm -f $(docker ps -q)", ok=True)
    sh("echo '<h1>Todo</h1>' > src/static/index.html", ok=True)
    sh("docker build -t getting-started .", ok=True)
    sh("docker run -dp 127.0.0.1:3000:3000 getting-started", ok=True)
    assert sh("curl localhost:3000", ok=True).output == "<h1>Todo</h1>\n"


def test_part3_update_rebuild_and_replace(sh, app) -> None:
    sh("docker build -t getting-started .", ok=True)
    first = sh("docker run -dp 127.0.0.1:3000:3000 getting-started", ok=True).output.strip()
    sh("sed -i 's/Listening on/Now listening on/' src/index.js", ok=True)
    rebuild = sh("docker build -t getting-started .", ok=True).output
    assert "#6 [2/4] WORKDIR /app\n#6 CACHED" in rebuild
    clash = sh("docker run -dp 127.0.0.1:3000:3000 getting-started")
    assert clash.exit_code == 125
    assert "Bind for 127.0.0.1:3000 failed: port is already allocated." in clash.output
    assert sh(f"docker rm -f {first[:12]}", ok=True).output == f"{first[:12]}\n"
    second = sh("docker run -dp 127.0.0.1:3000:3000 getting-started", ok=True).output.strip()
    assert sh(f"docker logs {second[:12]}", ok=True).output == "Now listening on port 3000\n"


def test_part5_named_volume(sh, app) -> None:
    sh("docker build -t getting-started .", ok=True)
    assert sh("docker volume create todo-db", ok=True).output == "todo-db\n"
    sh(
        "docker run -dp 127.0.0.1:3000:3000 --mount type=volume,src=todo-db,target=/etc/todos "
        "getting-started",
        ok=True,
    )
    inspect = sh("docker volume inspect todo-db", ok=True).output
    assert '"Mountpoint": "/var/lib/docker/volumes/todo-db/_data",' in inspect
    assert '"Name": "todo-db",' in inspect


def test_part6_bind_mount_dev_server(engine: Engine, sh, app) -> None:
    shell = sh('docker run -it --mount type=bind,src="$(pwd)",target=/src ubuntu bash', ok=True)
    assert shell.prompt.startswith("root@")
    assert sh("ls /src", ok=True).output == "Dockerfile  package.json  src\n"
    sh("exit", ok=True)

    out = sh(
        'docker run -dp 127.0.0.1:3000:3000 -w /app --mount type=bind,src="$(pwd)",target=/app '
        'node:18-alpine sh -c "yarn install && yarn run dev"',
        ok=True,
    )
    container = lines(out.output)[-1][:12]
    assert "Up " in lines(sh("docker ps", ok=True).output)[1]
    logs = sh(f"docker logs -f {container}")
    assert lines(logs.output) == [
        "yarn install v1.22.19",
        "info No lockfile found.",
        *YARN_INSTALL_STEPS,
        "success Saved lockfile.",
        "Done in 10.02s.",
        *NODEMON_START,
    ]
    engine.interrupt("main")
    # yarn wrote through the bind mount: the host folder has the lockfile and node_modules
    assert sh("ls", ok=True).output == "Dockerfile  node_modules  package.json  src  yarn.lock\n"
    assert sh("head -2 yarn.lock", ok=True).output == (
        "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n"
    )


def test_part7_multi_container(engine: Engine, sh, app) -> None:
    sh("docker network create todo-app", ok=True)
    mysql = sh(
        "docker run -d --network todo-app --network-alias mysql "
        "-v todo-mysql-data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=secret "
        "-e MYSQL_DATABASE=todos mysql:8.0",
        ok=True,
    )
    mysql_id = lines(mysql.output)[-1][:12]
    assert sh(f"docker exec -it {mysql_id} mysql -u root -p").output == "Enter password: "
    assert "Server version: 8.0" in sh("secret").output
    databases = sh("SHOW DATABASES;").output
    assert "| todos              |" in databases
    sh("exit")

    netshoot = sh("docker run -it --network todo-app nicolaka/netshoot")
    assert netshoot.exit_code == 125
    assert lines(netshoot.output)[-1].startswith("playground: only these images can be pulled")

    app_run = sh(
        'docker run -dp 127.0.0.1:3000:3000 -w /app -v "$(pwd):/app" --network todo-app '
        "-e MYSQL_HOST=mysql -e MYSQL_USER=root -e MYSQL_PASSWORD=secret -e MYSQL_DB=todos "
        'node:18-alpine sh -c "yarn install && yarn run dev"',
        ok=True,
    )
    app_id = lines(app_run.output)[-1][:12]
    assert lines(sh(f"docker logs {app_id}", ok=True).output)[-8:] == NODEMON_START


def test_part8_compose(engine: Engine, sh, app) -> None:
    sh(COMPOSE, ok=True)
    up = sh("docker compose up -d", ok=True).output
    assert re.search(r"^ ✔ Container getting-started-app-app-1 +Started +\d", up, re.M)
    logs = sh("docker compose logs -f").output
    app_lines = [line for line in lines(logs) if line.startswith("app-1    | ")]
    assert [line.removeprefix("app-1    | ") for line in app_lines][-8:] == NODEMON_START
    engine.interrupt("main")
    ps = lines(sh("docker compose ps", ok=True).output)
    assert ps[1].startswith("getting-started-app-app-1     node:18-alpine   ")
    assert "127.0.0.1:3000->3000/tcp" in ps[1]
    down = sh("docker compose down", ok=True).output
    assert re.search(r"^ ✔ Network getting-started-app_default +Removed +\d", down, re.M)


def test_part9_image_history_and_scout(sh, app) -> None:
    sh("docker build -t getting-started .", ok=True)
    history = lines(sh("docker image history getting-started", ok=True).output)
    assert history[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    assert "EXPOSE map[3000/tcp:{}]" in history[1]
    assert "RUN /bin/sh -c yarn install --production # b…" in history[3]
    scout = sh("docker scout quickview getting-started")
    assert scout.exit_code == 1
    assert lines(scout.output) == [
        "docker: 'scout' is not a docker command.",
        "See 'docker --help'",
        "playground: `docker scout` is not simulated here",
    ]


def test_part9_layer_caching_and_multi_stage(sh, app) -> None:
    sh("docker build -t getting-started .", ok=True)  # writes no yarn.lock to the context
    sh('docker run --rm -v "$(pwd):/app" -w /app node:18-alpine yarn install', ok=True)
    sh(
        "printf 'FROM node:18 AS build\\nWORKDIR /app\\nCOPY package.json yarn.lock ./\\n"
        "RUN yarn install --production\\nCOPY . .\\n\\nFROM node:18-alpine\\nWORKDIR /app\\n"
        'COPY --from=build /app ./\\nCMD ["node", "src/index.js"]\\n\' > Dockerfile',
        ok=True,
    )
    build = sh("docker build -t getting-started .", ok=True).output
    # a lockfile that is up to date: yarn neither reports nor saves one
    assert build_log(build, "RUN yarn install --production") == [
        "yarn install v1.22.19",
        *YARN_INSTALL_STEPS,
        "Done in 7.75s.",
    ]
    assert "[stage-1 3/3] COPY --from=build /app ./" in build


def test_yarn_run_errors(sh) -> None:
    sh('echo \'{"scripts": {"dev": "nodemon x.js"}}\' > package.json', ok=True)
    missing = sh('docker run --rm -v "$(pwd):/w" -w /w node:18-alpine yarn run nope')
    assert missing.exit_code == 1
    assert 'error Command "nope" not found.' in missing.output
    unbuilt = sh('docker run --rm -v "$(pwd):/w" -w /w node:18-alpine yarn dev')
    assert unbuilt.exit_code == 127
    assert "/bin/sh: nodemon: not found\nerror Command failed with exit code 127." in (
        unbuilt.output
    )
