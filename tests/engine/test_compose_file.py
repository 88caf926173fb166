"""`docker compose`: finding, reading and checking the Compose file, and `config`."""

from __future__ import annotations

import pytest

from tests.engine.cmd_support import Sh, stderr, stdout

WEB = "services:\n  web:\n    image: nginx\n"


def write(sh: Sh, path: str, content: str) -> None:
    sh(f"mkdir -p $(dirname {path}) && cat > {path} <<'EOF'\n{content}EOF", ok=True)


def test_no_file_anywhere(sh: Sh) -> None:
    out = sh("docker compose up -d")
    assert (out.exit_code, stderr(out)) == (1, "no configuration file provided: not found\n")


def test_file_found_in_a_parent_directory(sh: Sh) -> None:
    write(sh, "/home/learner/app/compose.yaml", WEB)
    out = sh("mkdir -p app/src && cd app/src && docker compose config --services", ok=True)
    assert stdout(out) == "web\n"


def test_two_file_names_warn_and_compose_yaml_wins(sh: Sh) -> None:
    write(sh, "/home/learner/app/compose.yaml", WEB)
    write(sh, "/home/learner/app/docker-compose.yml", "services:\n  db:\n    image: redis:7\n")
    out = sh("cd app && docker compose config --services", ok=True)
    assert stdout(out) == "web\n"
    assert stderr(out) == (
        "WARN[0000] Found multiple config files with supported names: "
        "/home/learner/app/compose.yaml, /home/learner/app/docker-compose.yml\n"
        "WARN[0000] Using /home/learner/app/compose.yaml\n"
    )


def test_dash_f_names_the_file_and_a_missing_one_fails(sh: Sh) -> None:
    write(sh, "/home/learner/app/stack.yml", WEB)
    assert stdout(sh("cd app && docker compose -f stack.yml config --services", ok=True)) == "web\n"
    out = sh("docker compose -f nope.yml ps")
    assert (out.exit_code, stderr(out)) == (
        1,
        "open /home/learner/app/nope.yml: no such file or directory\n",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "services:\n  web:\n    image: nginx\n    foo: 1\n",
            "validating /home/learner/app/compose.yaml: services.web Additional property foo "
            "is not allowed",
        ),
        (
            "servics:\n  web:\n    image: nginx\n",
            "validating /home/learner/app/compose.yaml: (root) Additional property servics "
            "is not allowed",
        ),
        (
            "services:\n  web:\n    image: nginx\n    ports: 80\n",
            "validating /home/learner/app/compose.yaml: services.web.ports must be a list",
        ),
        (
            "services:\n  web:\n    image: [nginx]\n",
            "validating /home/learner/app/compose.yaml: services.web.image must be a string",
        ),
        (
            "services:\n  web:\n    ports: ['80']\n",
            'service "web" has neither an image nor a build context specified: '
            "invalid compose project",
        ),
        (
            "services:\n  web:\n    image: nginx\n    depends_on: [db]\n",
            'service "web" depends on undefined service "db": invalid compose project',
        ),
        (
            "services:\n  web:\n    image: nginx\n    volumes: ['data:/x']\n",
            'service "web" refers to undefined volume data: invalid compose project',
        ),
        (
            "services:\n  web:\n    image: nginx\n    networks: [back]\n",
            'service "web" refers to undefined network back: invalid compose project',
        ),
        (
            "services:\n  a:\n    image: nginx\n    depends_on: [b]\n"
            "  b:\n    image: nginx\n    depends_on: [a]\n",
            "dependency cycle detected: a -> b -> a",
        ),
    ],
)
def test_invalid_files_fail_as_compose_fails(sh: Sh, content: str, message: str) -> None:
    write(sh, "/home/learner/app/compose.yaml", content)
    out = sh("cd app && docker compose up -d")
    assert (out.exit_code, stderr(out)) == (1, message + "\n")
    assert sh("docker ps -aq", ok=True).output == ""


def test_extension_fields_and_unused_spec_keys_are_accepted(sh: Sh) -> None:
    write(
        sh,
        "/home/learner/app/compose.yaml",
        "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n"
        "    image: nginx\n    stop_grace_period: 5s\n    logging:\n      driver: json-file\n",
    )
    assert sh("cd app && docker compose config -q").exit_code == 0


def test_ports_are_read_as_yaml_1_2(sh: Sh) -> None:
    """go-yaml v3 reads `8080:80` as a string; YAML 1.1 (pyyaml's default) as 484880."""
    write(sh, "/home/learner/app/compose.yaml", WEB + "    ports:\n      - 8080:80\n")
    out = sh("cd app && docker compose config", ok=True)
    assert '      - mode: ingress\n        target: 80\n        published: "8080"\n' in stdout(out)


def test_version_is_obsolete_and_variables_are_interpolated(sh: Sh) -> None:
    write(
        sh,
        "/home/learner/app/compose.yaml",
        'version: "3.8"\nservices:\n  web:\n    image: nginx:${TAG:-1.25}\n'
        "    command: echo $$HOME ${NOPE}\n    environment:\n      - GREETING=$HELLO\n"
        "      - EDITOR\n",
    )
    write(sh, "/home/learner/app/.env", "HELLO=world\n")
    out = sh("cd app && docker compose config", ok=True)
    assert stderr(out) == (
        "WARN[0000] /home/learner/app/compose.yaml: the attribute `version` is obsolete, it will "
        "be ignored, please remove it to avoid potential confusion\n"
        'WARN[0000] The "NOPE" variable is not set. Defaulting to a blank string.\n'
    )
    assert stdout(out) == (
        "name: app\n"
        "services:\n"
        "  web:\n"
        "    command:\n"
        "      - echo\n"
        "      - $HOME\n"
        "    environment:\n"
        "      EDITOR: null\n"
        "      GREETING: world\n"
        "    image: nginx:1.25\n"
        "    networks:\n"
        "      default: null\n"
        "networks:\n"
        "  default:\n"
        "    name: app_default\n"
    )


def test_config_canonical_form(sh: Sh) -> None:
    write(
        sh,
        "/home/learner/app/compose.yaml",
        "services:\n  web:\n    build: .\n    ports:\n      - '127.0.0.1:8000:5000'\n"
        "    volumes:\n      - ./src:/code:ro\n      - data:/data\n"
        "    depends_on:\n      - redis\n  redis:\n    image: redis:7\n"
        "volumes:\n  data:\n",
    )
    out = sh("cd app && docker compose config", ok=True)
    assert stdout(out) == (
        "name: app\n"
        "services:\n"
        "  redis:\n"
        "    image: redis:7\n"
        "    networks:\n"
        "      default: null\n"
        "  web:\n"
        "    build:\n"
        "      context: /home/learner/app\n"
        "      dockerfile: Dockerfile\n"
        "    depends_on:\n"
        "      redis:\n"
        "        condition: service_started\n"
        "        required: true\n"
        "    networks:\n"
        "      default: null\n"
        "    ports:\n"
        "      - mode: ingress\n"
        "        host_ip: 127.0.0.1\n"
        "        target: 5000\n"
        '        published: "8000"\n'
        "        protocol: tcp\n"
        "    volumes:\n"
        "      - type: bind\n"
        "        source: /home/learner/app/src\n"
        "        target: /code\n"
        "        read_only: true\n"
        "        bind:\n"
        "          create_host_path: true\n"
        "      - type: volume\n"
        "        source: data\n"
        "        target: /data\n"
        "        volume: {}\n"
        "networks:\n"
        "  default:\n"
        "    name: app_default\n"
        "volumes:\n"
        "  data:\n"
        "    name: app_data\n"
    )
    listing = sh("docker compose config --volumes && docker compose config --images", ok=True)
    assert stdout(listing) == "data\napp-web\nredis:7\n"


@pytest.mark.parametrize(
    ("directory", "project"),
    [("My_App", "my_app"), ("-web.site", "website"), ("app", "app")],
)
def test_project_name_from_the_directory(sh: Sh, directory: str, project: str) -> None:
    write(sh, f"/home/learner/{directory}/compose.yaml", WEB)
    out = sh(f"cd -- {directory} && docker compose config", ok=True)
    assert stdout(out).startswith(f"name: {project}\n")


def test_project_name_option_name_key_and_bad_names(sh: Sh) -> None:
    write(sh, "/home/learner/app/compose.yaml", "name: shop\n" + WEB)
    assert stdout(sh("cd app && docker compose config", ok=True)).startswith("name: shop\n")
    assert stdout(sh("docker compose -p other config", ok=True)).startswith("name: other\n")
    out = sh("docker compose -p 'My App' ps")
    assert (out.exit_code, stderr(out)) == (
        1,
        'invalid project name "My App": must consist only of lowercase alphanumeric characters, '
        "hyphens, and underscores as well as start with a letter or number\n",
    )


def test_an_alias_bomb_is_refused_quickly(sh: Sh) -> None:
    levels = ['x-a: &a ["x","x","x","x","x","x","x","x","x"]']
    for lower, upper in zip("abcdef", "bcdefg", strict=True):
        levels.append(f"x-{upper}: &{upper} [{','.join([f'*{lower}'] * 9)}]")
    bomb = "\n".join(levels) + "\nservices:\n  web:\n    image: nginx\n    command: *g\n"
    write(sh, "/home/learner/app/compose.yaml", bomb)
    out = sh("cd ~/app && docker compose config")
    assert (out.exit_code, stderr(out)) == (1, "yaml: document contains excessive aliasing\n")


def test_an_alias_cycle_and_deep_nesting_are_refused(sh: Sh) -> None:
    write(sh, "/home/learner/app/compose.yaml", "services: &s\n  web: *s\n")
    out = sh("cd ~/app && docker compose config")
    assert stderr(out) == "yaml: document contains excessive aliasing\n"
    sh("printf 'services: %s' " + "[" * 4_000 + " > compose.yaml", ok=True)
    out = sh("docker compose config")
    assert (out.exit_code, stderr(out)) == (1, "yaml: exceeded max depth of 10000\n")
