"""The docker commands we understand: names, usage lines, descriptions and flags.

Flag names, shorthands, defaults and help texts are Docker CLI 27's own (they are output a learner
compares with a real machine), transcribed from the `cobra.Command` and pflag definitions of
docker/cli v27.5.1. Flags that a Linux, non-swarm, non-experimental Docker hides are marked hidden:
they parse, but help does not list them.
"""

from typing import Any

from engine.cli.spec import (
    BOOL,
    DURATION,
    INT,
    LIST,
    NO_ARGS,
    SLICE,
    STRING,
    UINT,
    Arity,
    CommandSpec,
    FlagSpec,
    GroupSpec,
    at_least,
    at_most,
    between,
    exactly,
)
from engine.cli.spec import flag as F

FORMAT_HELP = (
    "Format output using a custom template:\n"
    "'table':            Print output in table format with column headers (default)\n"
    "'table TEMPLATE':   Print output in table format using the given Go template\n"
    "'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\n"
    "Refer to https://docs.docker.com/go/formatting/ for more information about formatting "
    "output with templates"
)
INSPECT_FORMAT_HELP = (
    "Format output using a custom template:\n"
    "'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\n"
    "Refer to https://docs.docker.com/go/formatting/ for more information about formatting "
    "output with templates"
)

GLOBAL: tuple[FlagSpec, ...] = (
    F("config", "", STRING, "Location of client config files", default="/root/.docker"),
    F(
        "context",
        "c",
        STRING,
        "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var "
        'and default context set with "docker context use")',
    ),
    F("debug", "D", BOOL, "Enable debug mode"),
    F("host", "H", LIST, "Daemon socket to connect to"),
    F(
        "log-level",
        "l",
        STRING,
        'Set the logging level ("debug", "info", "warn", "error", "fatal")',
        default="info",
    ),
    F("tls", "", BOOL, "Use TLS; implied by --tlsverify"),
    F(
        "tlscacert",
        "",
        STRING,
        "Trust certs signed only by this CA",
        default="/root/.docker/ca.pem",
    ),
    F("tlscert", "", STRING, "Path to TLS certificate file", default="/root/.docker/cert.pem"),
    F("tlskey", "", STRING, "Path to TLS key file", default="/root/.docker/key.pem"),
    F("tlsverify", "", BOOL, "Use TLS and verify the remote"),
    F("version", "v", BOOL, "Print version information and quit"),
)

CONTAINER_OPTIONS: tuple[FlagSpec, ...] = (
    F("attach", "a", LIST, "Attach to STDIN, STDOUT or STDERR"),
    F("device-cgroup-rule", "", LIST, "Add a rule to the cgroup allowed devices list"),
    F("device", "", LIST, "Add a host device to the container"),
    F(
        "gpus",
        "",
        STRING,
        "GPU devices to add to the container ('all' to pass all GPUs)",
        type_name="gpu-request",
    ),
    F("env", "e", LIST, "Set environment variables"),
    F("env-file", "", LIST, "Read in a file of environment variables"),
    F("entrypoint", "", STRING, "Overwrite the default ENTRYPOINT of the image"),
    F("group-add", "", LIST, "Add additional groups to join"),
    F("hostname", "h", STRING, "Container host name"),
    F("domainname", "", STRING, "Container NIS domain name"),
    F("interactive", "i", BOOL, "Keep STDIN open even if not attached"),
    F("label", "l", LIST, "Set meta data on a container"),
    F("label-file", "", LIST, "Read in a line delimited file of labels"),
    F("read-only", "", BOOL, "Mount the container's root filesystem as read only"),
    F("restart", "", STRING, "Restart policy to apply when a container exits", default="no"),
    F("stop-signal", "", STRING, "Signal to stop the container"),
    F("stop-timeout", "", INT, "Timeout (in seconds) to stop a container"),
    F("sysctl", "", LIST, "Sysctl options", type_name="map"),
    F("tty", "t", BOOL, "Allocate a pseudo-TTY"),
    F("ulimit", "", LIST, "Ulimit options", type_name="ulimit"),
    F("user", "u", STRING, "Username or UID (format: <name|uid>[:<group|gid>])"),
    F("workdir", "w", STRING, "Working directory inside the container"),
    F(
        "rm",
        "",
        BOOL,
        "Automatically remove the container and its associated anonymous volumes when it exits",
    ),
    F("cap-add", "", LIST, "Add Linux capabilities"),
    F("cap-drop", "", LIST, "Drop Linux capabilities"),
    F("privileged", "", BOOL, "Give extended privileges to this container"),
    F("security-opt", "", LIST, "Security Options"),
    F("userns", "", STRING, "User namespace to use"),
    F(
        "cgroupns",
        "",
        STRING,
        "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)",
    ),
    F("add-host", "", LIST, "Add a custom host-to-IP mapping (host:ip)"),
    F("dns", "", LIST, "Set custom DNS servers"),
    F("dns-opt", "", LIST, "Set DNS options", hidden=True),
    F("dns-option", "", LIST, "Set DNS options"),
    F("dns-search", "", LIST, "Set custom DNS search domains"),
    F("expose", "", LIST, "Expose a port or a range of ports"),
    F("ip", "", STRING, "IPv4 address (e.g., 172.30.100.104)"),
    F("ip6", "", STRING, "IPv6 address (e.g., 2001:db8::33)"),
    F("link", "", LIST, "Add link to another container"),
    F("link-local-ip", "", LIST, "Container IPv4/IPv6 link-local addresses"),
    F("mac-address", "", STRING, "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
    F("publish", "p", LIST, "Publish a container's port(s) to the host"),
    F("publish-all", "P", BOOL, "Publish all exposed ports to random ports"),
    F("net", "", STRING, "Connect a container to a network", type_name="network", hidden=True),
    F("network", "", LIST, "Connect a container to a network", default="", type_name="network"),
    F("net-alias", "", LIST, "Add network-scoped alias for the container", hidden=True),
    F("network-alias", "", LIST, "Add network-scoped alias for the container"),
    F("log-driver", "", STRING, "Logging driver for the container"),
    F("volume-driver", "", STRING, "Optional volume driver for the container"),
    F("log-opt", "", LIST, "Log driver options"),
    F("storage-opt", "", LIST, "Storage driver options for the container"),
    F("tmpfs", "", LIST, "Mount a tmpfs directory"),
    F("volumes-from", "", LIST, "Mount volumes from the specified container(s)"),
    F("volume", "v", LIST, "Bind mount a volume"),
    F("mount", "", LIST, "Attach a filesystem mount to the container", type_name="mount"),
    F("health-cmd", "", STRING, "Command to run to check health"),
    F("health-interval", "", DURATION, "Time between running the check (ms|s|m|h) (default 0s)"),
    F("health-retries", "", INT, "Consecutive failures needed to report unhealthy"),
    F(
        "health-timeout",
        "",
        DURATION,
        "Maximum time to allow one check to run (ms|s|m|h) (default 0s)",
    ),
    F(
        "health-start-period",
        "",
        DURATION,
        "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)",
    ),
    F(
        "health-start-interval",
        "",
        DURATION,
        "Time between running the check during the start period (ms|s|m|h) (default 0s)",
    ),
    F("no-healthcheck", "", BOOL, "Disable any container-specified HEALTHCHECK"),
    F(
        "blkio-weight",
        "",
        UINT,
        "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
        type_name="uint16",
    ),
    F("blkio-weight-device", "", LIST, "Block IO weight (relative device weight)"),
    F("cidfile", "", STRING, "Write the container ID to the file"),
    F("cpuset-cpus", "", STRING, "CPUs in which to allow execution (0-3, 0,1)"),
    F("cpuset-mems", "", STRING, "MEMs in which to allow execution (0-3, 0,1)"),
    F("cpu-count", "", INT, "CPU count (Windows only)", hidden=True),
    F("cpu-percent", "", INT, "CPU percent (Windows only)", hidden=True),
    F("cpu-period", "", INT, "Limit CPU CFS (Completely Fair Scheduler) period"),
    F("cpu-quota", "", INT, "Limit CPU CFS (Completely Fair Scheduler) quota"),
    F("cpu-rt-period", "", INT, "Limit CPU real-time period in microseconds"),
    F("cpu-rt-runtime", "", INT, "Limit CPU real-time runtime in microseconds"),
    F("cpu-shares", "c", INT, "CPU shares (relative weight)"),
    F("cpus", "", STRING, "Number of CPUs", type_name="decimal"),
    F("device-read-bps", "", LIST, "Limit read rate (bytes per second) from a device"),
    F("device-read-iops", "", LIST, "Limit read rate (IO per second) from a device"),
    F("device-write-bps", "", LIST, "Limit write rate (bytes per second) to a device"),
    F("device-write-iops", "", LIST, "Limit write rate (IO per second) to a device"),
    F(
        "io-maxbandwidth",
        "",
        LIST,
        "Maximum IO bandwidth limit for the system drive (Windows only)",
        hidden=True,
    ),
    F(
        "io-maxiops",
        "",
        UINT,
        "Maximum IOps limit for the system drive (Windows only)",
        hidden=True,
    ),
    F("kernel-memory", "", STRING, "Kernel memory limit", type_name="bytes"),
    F("memory", "m", STRING, "Memory limit", type_name="bytes"),
    F("memory-reservation", "", STRING, "Memory soft limit", type_name="bytes"),
    F(
        "memory-swap",
        "",
        STRING,
        "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
        type_name="bytes",
    ),
    F("memory-swappiness", "", INT, "Tune container memory swappiness (0 to 100)", default=-1),
    F("oom-kill-disable", "", BOOL, "Disable OOM Killer"),
    F("oom-score-adj", "", INT, "Tune host's OOM preferences (-1000 to 1000)"),
    F("pids-limit", "", INT, "Tune container pids limit (set -1 for unlimited)"),
    F("cgroup-parent", "", STRING, "Optional parent cgroup for the container"),
    F("ipc", "", STRING, "IPC mode to use"),
    F("isolation", "", STRING, "Container isolation technology"),
    F("pid", "", STRING, "PID namespace to use"),
    F("shm-size", "", STRING, "Size of /dev/shm", type_name="bytes"),
    F("uts", "", STRING, "UTS namespace to use"),
    F("runtime", "", STRING, "Runtime to use for this container"),
    F(
        "init",
        "",
        BOOL,
        "Run an init inside the container that forwards signals and reaps processes",
    ),
    F(
        "annotation",
        "",
        LIST,
        "Add an annotation to the container (passed through to the OCI runtime)",
        type_name="map",
    ),
)

CONTAINER_ATTACH: tuple[FlagSpec, ...] = (
    F("no-stdin", "", BOOL, "Do not attach STDIN"),
    F("sig-proxy", "", BOOL, "Proxy all received signals to the process", default=True),
    F("detach-keys", "", STRING, "Override the key sequence for detaching a container"),
)

CONTAINER_COMMIT: tuple[FlagSpec, ...] = (
    F("pause", "p", BOOL, "Pause container during commit", default=True),
    F("message", "m", STRING, "Commit message"),
    F("author", "a", STRING, 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'),
    F("change", "c", LIST, "Apply Dockerfile instruction to the created image"),
)

CONTAINER_CP: tuple[FlagSpec, ...] = (
    F("follow-link", "L", BOOL, "Always follow symbol link in SRC_PATH"),
    F("archive", "a", BOOL, "Archive mode (copy all uid/gid information)"),
    F(
        "quiet",
        "q",
        BOOL,
        "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
    ),
)

CONTAINER_CREATE: tuple[FlagSpec, ...] = (
    F("name", "", STRING, "Assign a name to the container"),
    F(
        "pull",
        "",
        STRING,
        'Pull image before creating ("always", "|missing", "never")',
        default="missing",
    ),
    F("quiet", "q", BOOL, "Suppress the pull output"),
    F("help", "", BOOL, "Print usage"),
    F("platform", "", STRING, "Set platform if server is multi-platform capable"),
    F("disable-content-trust", "", BOOL, "Skip image verification", default=True),
)

CONTAINER_DIFF: tuple[FlagSpec, ...] = ()

CONTAINER_EXEC: tuple[FlagSpec, ...] = (
    F("detach-keys", "", STRING, "Override the key sequence for detaching a container"),
    F("interactive", "i", BOOL, "Keep STDIN open even if not attached"),
    F("tty", "t", BOOL, "Allocate a pseudo-TTY"),
    F("detach", "d", BOOL, "Detached mode: run command in the background"),
    F("user", "u", STRING, 'Username or UID (format: "<name|uid>[:<group|gid>]")'),
    F("privileged", "", BOOL, "Give extended privileges to the command"),
    F("env", "e", LIST, "Set environment variables"),
    F("env-file", "", LIST, "Read in a file of environment variables"),
    F("workdir", "w", STRING, "Working directory inside the container"),
)

CONTAINER_EXPORT: tuple[FlagSpec, ...] = (
    F("output", "o", STRING, "Write to a file, instead of STDOUT"),
)

CONTAINER_INSPECT: tuple[FlagSpec, ...] = (
    F("format", "f", STRING, INSPECT_FORMAT_HELP),
    F("size", "s", BOOL, "Display total file sizes"),
)

CONTAINER_KILL: tuple[FlagSpec, ...] = (
    F("signal", "s", STRING, "Signal to send to the container"),
)

CONTAINER_LIST: tuple[FlagSpec, ...] = (
    F("quiet", "q", BOOL, "Only display container IDs"),
    F("size", "s", BOOL, "Display total file sizes"),
    F("all", "a", BOOL, "Show all containers (default shows just running)"),
    F("no-trunc", "", BOOL, "Don't truncate output"),
    F("latest", "l", BOOL, "Show the latest created container (includes all states)"),
    F("last", "n", INT, "Show n last created containers (includes all states)", default=-1),
    F("format", "", STRING, FORMAT_HELP),
    F("filter", "f", LIST, "Filter output based on conditions provided", type_name="filter"),
)

CONTAINER_LOGS: tuple[FlagSpec, ...] = (
    F("follow", "f", BOOL, "Follow log output"),
    F(
        "since",
        "",
        STRING,
        'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
    F(
        "until",
        "",
        STRING,
        'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
    F("timestamps", "t", BOOL, "Show timestamps"),
    F("details", "", BOOL, "Show extra details provided to logs"),
    F("tail", "n", STRING, "Number of lines to show from the end of the logs", default="all"),
)

CONTAINER_PAUSE: tuple[FlagSpec, ...] = ()

CONTAINER_PORT: tuple[FlagSpec, ...] = ()

CONTAINER_PRUNE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Do not prompt for confirmation"),
    F("filter", "", LIST, 'Provide filter values (e.g. "until=<timestamp>")', type_name="filter"),
)

CONTAINER_RENAME: tuple[FlagSpec, ...] = ()

CONTAINER_RESTART: tuple[FlagSpec, ...] = (
    F("signal", "s", STRING, "Signal to send to the container"),
    F("time", "t", INT, "Seconds to wait before killing the container"),
)

CONTAINER_RM: tuple[FlagSpec, ...] = (
    F("volumes", "v", BOOL, "Remove anonymous volumes associated with the container"),
    F("link", "l", BOOL, "Remove the specified link"),
    F("force", "f", BOOL, "Force the removal of a running container (uses SIGKILL)"),
)

CONTAINER_RUN: tuple[FlagSpec, ...] = (
    F("detach", "d", BOOL, "Run container in background and print container ID"),
    F("sig-proxy", "", BOOL, "Proxy received signals to the process", default=True),
    F("name", "", STRING, "Assign a name to the container"),
    F("detach-keys", "", STRING, "Override the key sequence for detaching a container"),
    F(
        "pull",
        "",
        STRING,
        'Pull image before running ("always", "missing", "never")',
        default="missing",
    ),
    F("quiet", "q", BOOL, "Suppress the pull output"),
    F("help", "", BOOL, "Print usage"),
    F("platform", "", STRING, "Set platform if server is multi-platform capable"),
    F("disable-content-trust", "", BOOL, "Skip image verification", default=True),
)

CONTAINER_START: tuple[FlagSpec, ...] = (
    F("attach", "a", BOOL, "Attach STDOUT/STDERR and forward signals"),
    F("interactive", "i", BOOL, "Attach container's STDIN"),
    F("detach-keys", "", STRING, "Override the key sequence for detaching a container"),
    F("checkpoint", "", STRING, "Restore from this checkpoint", hidden=True),
    F("checkpoint-dir", "", STRING, "Use a custom checkpoint storage directory", hidden=True),
)

CONTAINER_STATS: tuple[FlagSpec, ...] = (
    F("all", "a", BOOL, "Show all containers (default shows just running)"),
    F("no-stream", "", BOOL, "Disable streaming stats and only pull the first result"),
    F("no-trunc", "", BOOL, "Do not truncate output"),
    F("format", "", STRING, FORMAT_HELP),
)

CONTAINER_STOP: tuple[FlagSpec, ...] = (
    F("signal", "s", STRING, "Signal to send to the container"),
    F("time", "t", INT, "Seconds to wait before killing the container"),
)

CONTAINER_TOP: tuple[FlagSpec, ...] = ()

CONTAINER_UNPAUSE: tuple[FlagSpec, ...] = ()

CONTAINER_UPDATE: tuple[FlagSpec, ...] = (
    F(
        "blkio-weight",
        "",
        UINT,
        "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
        type_name="uint16",
    ),
    F("cpu-period", "", INT, "Limit CPU CFS (Completely Fair Scheduler) period"),
    F("cpu-quota", "", INT, "Limit CPU CFS (Completely Fair Scheduler) quota"),
    F("cpu-rt-period", "", INT, "Limit the CPU real-time period in microseconds"),
    F("cpu-rt-runtime", "", INT, "Limit the CPU real-time runtime in microseconds"),
    F("cpuset-cpus", "", STRING, "CPUs in which to allow execution (0-3, 0,1)"),
    F("cpuset-mems", "", STRING, "MEMs in which to allow execution (0-3, 0,1)"),
    F("cpu-shares", "c", INT, "CPU shares (relative weight)"),
    F("memory", "m", STRING, "Memory limit", type_name="bytes"),
    F("memory-reservation", "", STRING, "Memory soft limit", type_name="bytes"),
    F(
        "memory-swap",
        "",
        STRING,
        "Swap limit equal to memory plus swap: -1 to enable unlimited swap",
        type_name="bytes",
    ),
    F(
        "kernel-memory",
        "",
        STRING,
        "Kernel memory limit (deprecated)",
        type_name="bytes",
        hidden=True,
    ),
    F("restart", "", STRING, "Restart policy to apply when a container exits"),
    F("pids-limit", "", INT, "Tune container pids limit (set -1 for unlimited)"),
    F("cpus", "", STRING, "Number of CPUs", type_name="decimal"),
)

CONTAINER_WAIT: tuple[FlagSpec, ...] = ()

IMAGE_BUILD: tuple[FlagSpec, ...] = (
    F("tag", "t", LIST, 'Name and optionally a tag in the "name:tag" format'),
    F("build-arg", "", LIST, "Set build-time variables"),
    F("ulimit", "", LIST, "Ulimit options", type_name="ulimit"),
    F("file", "f", STRING, 'Name of the Dockerfile (Default is "PATH/Dockerfile")'),
    F("memory", "m", STRING, "Memory limit", type_name="bytes"),
    F(
        "memory-swap",
        "",
        STRING,
        "Swap limit equal to memory plus swap: -1 to enable unlimited swap",
        type_name="bytes",
    ),
    F("shm-size", "", STRING, 'Size of "/dev/shm"', type_name="bytes"),
    F("cpu-shares", "c", INT, "CPU shares (relative weight)"),
    F("cpu-period", "", INT, "Limit the CPU CFS (Completely Fair Scheduler) period"),
    F("cpu-quota", "", INT, "Limit the CPU CFS (Completely Fair Scheduler) quota"),
    F("cpuset-cpus", "", STRING, "CPUs in which to allow execution (0-3, 0,1)"),
    F("cpuset-mems", "", STRING, "MEMs in which to allow execution (0-3, 0,1)"),
    F("cgroup-parent", "", STRING, 'Set the parent cgroup for the "RUN" instructions during build'),
    F("isolation", "", STRING, "Container isolation technology"),
    F("label", "", LIST, "Set metadata for an image"),
    F("no-cache", "", BOOL, "Do not use cache when building the image"),
    F("rm", "", BOOL, "Remove intermediate containers after a successful build", default=True),
    F("force-rm", "", BOOL, "Always remove intermediate containers"),
    F("quiet", "q", BOOL, "Suppress the build output and print image ID on success"),
    F("pull", "", BOOL, "Always attempt to pull a newer version of the image"),
    F("cache-from", "", SLICE, "Images to consider as cache sources"),
    F("compress", "", BOOL, "Compress the build context using gzip"),
    F("security-opt", "", SLICE, "Security options"),
    F(
        "network",
        "",
        STRING,
        "Set the networking mode for the RUN instructions during build",
        default="default",
    ),
    F("add-host", "", LIST, 'Add a custom host-to-IP mapping ("host:ip")'),
    F("target", "", STRING, "Set the target build stage to build."),
    F("iidfile", "", STRING, "Write the image ID to the file"),
    F("platform", "", STRING, "Set platform if server is multi-platform capable"),
    F("squash", "", BOOL, "Squash newly built layers into a single new layer", hidden=True),
    F("disable-content-trust", "", BOOL, "Skip image verification", default=True),
    # buildx's flag (the default builder); hidden so the classic help text stays as it was
    F("progress", "", STRING, "Set type of progress output", default="auto", hidden=True),
)

IMAGE_HISTORY: tuple[FlagSpec, ...] = (
    F("human", "H", BOOL, "Print sizes and dates in human readable format", default=True),
    F("quiet", "q", BOOL, "Only show image IDs"),
    F("no-trunc", "", BOOL, "Don't truncate output"),
    F("format", "", STRING, FORMAT_HELP),
)

IMAGE_IMPORT: tuple[FlagSpec, ...] = (
    F("change", "c", LIST, "Apply Dockerfile instruction to the created image"),
    F("message", "m", STRING, "Set commit message for imported image"),
    F("platform", "", STRING, "Set platform if server is multi-platform capable"),
)

IMAGE_INSPECT: tuple[FlagSpec, ...] = (F("format", "f", STRING, INSPECT_FORMAT_HELP),)

IMAGE_LIST: tuple[FlagSpec, ...] = (
    F("quiet", "q", BOOL, "Only show image IDs"),
    F("all", "a", BOOL, "Show all images (default hides intermediate images)"),
    F("no-trunc", "", BOOL, "Don't truncate output"),
    F("digests", "", BOOL, "Show digests"),
    F("format", "", STRING, FORMAT_HELP),
    F("filter", "f", LIST, "Filter output based on conditions provided", type_name="filter"),
    F("tree", "", BOOL, "List multi-platform images as a tree (EXPERIMENTAL)", hidden=True),
)

IMAGE_LOAD: tuple[FlagSpec, ...] = (
    F("input", "i", STRING, "Read from tar archive file, instead of STDIN"),
    F("quiet", "q", BOOL, "Suppress the load output"),
)

IMAGE_PRUNE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Do not prompt for confirmation"),
    F("all", "a", BOOL, "Remove all unused images, not just dangling ones"),
    F("filter", "", LIST, 'Provide filter values (e.g. "until=<timestamp>")', type_name="filter"),
)

IMAGE_PULL: tuple[FlagSpec, ...] = (
    F("all-tags", "a", BOOL, "Download all tagged images in the repository"),
    F("quiet", "q", BOOL, "Suppress verbose output"),
    F("platform", "", STRING, "Set platform if server is multi-platform capable"),
    F("disable-content-trust", "", BOOL, "Skip image verification", default=True),
)

IMAGE_PUSH: tuple[FlagSpec, ...] = (
    F("all-tags", "a", BOOL, "Push all tags of an image to the repository"),
    F("quiet", "q", BOOL, "Suppress verbose output"),
    F(
        "platform",
        "",
        STRING,
        "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
    ),
    F("disable-content-trust", "", BOOL, "Skip image signing", default=True),
)

IMAGE_REMOVE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Force removal of the image"),
    F("no-prune", "", BOOL, "Do not delete untagged parents"),
)

IMAGE_SAVE: tuple[FlagSpec, ...] = (F("output", "o", STRING, "Write to a file, instead of STDOUT"),)

IMAGE_TAG: tuple[FlagSpec, ...] = ()

VOLUME_CREATE: tuple[FlagSpec, ...] = (
    F("driver", "d", STRING, "Specify volume driver name", default="local"),
    F("name", "", STRING, "Specify volume name", hidden=True),
    F("opt", "o", LIST, "Set driver specific options", type_name="map"),
    F("label", "", LIST, "Set metadata for a volume"),
    F("group", "", STRING, "Cluster Volume group (cluster volumes)", hidden=True),
    F(
        "scope",
        "",
        STRING,
        'Cluster Volume access scope ("single", "multi")',
        default="single",
        hidden=True,
    ),
    F(
        "sharing",
        "",
        STRING,
        'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")',
        default="none",
        hidden=True,
    ),
    F(
        "availability",
        "",
        STRING,
        'Cluster Volume availability ("active", "pause", "drain")',
        default="active",
        hidden=True,
    ),
    F(
        "type",
        "",
        STRING,
        'Cluster Volume access type ("mount", "block")',
        default="block",
        hidden=True,
    ),
    F("secret", "", LIST, "Cluster Volume secrets", hidden=True),
    F(
        "limit-bytes",
        "",
        STRING,
        "Minimum size of the Cluster Volume in bytes",
        type_name="bytes",
        hidden=True,
    ),
    F(
        "required-bytes",
        "",
        STRING,
        "Maximum size of the Cluster Volume in bytes",
        type_name="bytes",
        hidden=True,
    ),
    F(
        "topology-required",
        "",
        LIST,
        "A topology that the Cluster Volume must be accessible from",
        hidden=True,
    ),
    F(
        "topology-preferred",
        "",
        LIST,
        "A topology that the Cluster Volume would be preferred in",
        hidden=True,
    ),
)

VOLUME_INSPECT: tuple[FlagSpec, ...] = (F("format", "f", STRING, INSPECT_FORMAT_HELP),)

VOLUME_LIST: tuple[FlagSpec, ...] = (
    F("quiet", "q", BOOL, "Only display volume names"),
    F("format", "", STRING, FORMAT_HELP),
    F("filter", "f", LIST, 'Provide filter values (e.g. "dangling=true")', type_name="filter"),
    F(
        "cluster",
        "",
        BOOL,
        "Display only cluster volumes, and use cluster volume list formatting",
        hidden=True,
    ),
)

VOLUME_PRUNE: tuple[FlagSpec, ...] = (
    F("all", "a", BOOL, "Remove all unused volumes, not just anonymous ones"),
    F("force", "f", BOOL, "Do not prompt for confirmation"),
    F("filter", "", LIST, 'Provide filter values (e.g. "label=<label>")', type_name="filter"),
)

VOLUME_REMOVE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Force the removal of one or more volumes"),
)


NETWORK_CONNECT: tuple[FlagSpec, ...] = (
    F("ip", "", STRING, 'IPv4 address (e.g., "172.30.100.104")'),
    F("ip6", "", STRING, 'IPv6 address (e.g., "2001:db8::33")'),
    F("link", "", LIST, "Add link to another container"),
    F("alias", "", SLICE, "Add network-scoped alias for the container"),
    F("link-local-ip", "", SLICE, "Add a link-local address for the container"),
    F("driver-opt", "", SLICE, "driver options for the network"),
)

NETWORK_CREATE: tuple[FlagSpec, ...] = (
    F("driver", "d", STRING, "Driver to manage the Network", default="bridge"),
    F("opt", "o", LIST, "Set driver specific options", type_name="map"),
    F("label", "", LIST, "Set metadata on a network"),
    F("internal", "", BOOL, "Restrict external access to the network"),
    F("ipv6", "", BOOL, "Enable or disable IPv6 networking"),
    F("attachable", "", BOOL, "Enable manual container attachment"),
    F("ingress", "", BOOL, "Create swarm routing-mesh network"),
    F("scope", "", STRING, "Control the network's scope"),
    F("config-only", "", BOOL, "Create a configuration only network"),
    F("config-from", "", STRING, "The network from which to copy the configuration"),
    F("ipam-driver", "", STRING, "IP Address Management Driver", default="default"),
    F("subnet", "", SLICE, "Subnet in CIDR format that represents a network segment"),
    F("ip-range", "", SLICE, "Allocate container ip from a sub-range"),
    F("gateway", "", SLICE, "IPv4 or IPv6 Gateway for the master subnet"),
    F(
        "aux-address",
        "",
        LIST,
        "Auxiliary IPv4 or IPv6 addresses used by Network driver",
        type_name="map",
    ),
    F("ipam-opt", "", LIST, "Set IPAM driver specific options", type_name="map"),
)

NETWORK_DISCONNECT: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Force the container to disconnect from a network"),
)

NETWORK_INSPECT: tuple[FlagSpec, ...] = (
    F("format", "f", STRING, INSPECT_FORMAT_HELP),
    F("verbose", "v", BOOL, "Verbose output for diagnostics"),
)

NETWORK_LIST: tuple[FlagSpec, ...] = (
    F("quiet", "q", BOOL, "Only display network IDs"),
    F("no-trunc", "", BOOL, "Do not truncate the output"),
    F("format", "", STRING, FORMAT_HELP),
    F("filter", "f", LIST, 'Provide filter values (e.g. "driver=bridge")', type_name="filter"),
)

NETWORK_PRUNE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Do not prompt for confirmation"),
    F("filter", "", LIST, 'Provide filter values (e.g. "until=<timestamp>")', type_name="filter"),
)

NETWORK_REMOVE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Do not error if the network does not exist"),
)

SYSTEM_DF: tuple[FlagSpec, ...] = (
    F("verbose", "v", BOOL, "Show detailed information on space usage"),
    F("format", "", STRING, FORMAT_HELP),
)

SYSTEM_EVENTS: tuple[FlagSpec, ...] = (
    F("since", "", STRING, "Show all events created since timestamp"),
    F("until", "", STRING, "Stream events until this timestamp"),
    F("filter", "f", LIST, "Filter output based on conditions provided", type_name="filter"),
    F("format", "", STRING, INSPECT_FORMAT_HELP),
)

SYSTEM_INFO: tuple[FlagSpec, ...] = (F("format", "f", STRING, INSPECT_FORMAT_HELP),)

SYSTEM_INSPECT: tuple[FlagSpec, ...] = (
    F("format", "f", STRING, INSPECT_FORMAT_HELP),
    F("type", "", STRING, "Return JSON for specified type"),
    F("size", "s", BOOL, "Display total file sizes if the type is container"),
)

SYSTEM_PRUNE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Do not prompt for confirmation"),
    F("all", "a", BOOL, "Remove all unused images not just dangling ones"),
    F("volumes", "", BOOL, "Prune anonymous volumes"),
    F("filter", "", LIST, 'Provide filter values (e.g. "label=<key>=<value>")', type_name="filter"),
)

SYSTEM_VERSION: tuple[FlagSpec, ...] = (F("format", "f", STRING, INSPECT_FORMAT_HELP),)

BUILDER_PRUNE: tuple[FlagSpec, ...] = (
    F("force", "f", BOOL, "Do not prompt for confirmation"),
    F("all", "a", BOOL, "Remove all unused build cache, not just dangling ones"),
    F("filter", "", LIST, 'Provide filter values (e.g. "until=24h")', type_name="filter"),
    F("keep-storage", "", STRING, "Amount of disk space to keep for cache", type_name="bytes"),
)

REGISTRY_LOGIN: tuple[FlagSpec, ...] = (
    F("username", "u", STRING, "Username"),
    F("password", "p", STRING, "Password"),
    F("password-stdin", "", BOOL, "Take the password from stdin"),
)

REGISTRY_LOGOUT: tuple[FlagSpec, ...] = ()

REGISTRY_SEARCH: tuple[FlagSpec, ...] = (
    F("no-trunc", "", BOOL, "Don't truncate output"),
    F("filter", "f", LIST, "Filter output based on conditions provided", type_name="filter"),
    F("limit", "", INT, "Max number of search results"),
    F("format", "", STRING, "Pretty-print search using a Go template"),
)

CP_LONG = (
    "Copy files/folders between a container and the local filesystem\n"
    "\nUse '-' as the source to read a tar archive from stdin\n"
    "and extract it to a directory destination in a container.\n"
    "Use '-' as the destination to stream a tar archive of a\n"
    "container source to stdout."
)
VOLUME_RM_LONG = (
    "\nRemove one or more volumes. You cannot remove a volume that is in use by a container.\n"
)

GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("builder", "Manage builds"),
    GroupSpec("container", "Manage containers"),
    GroupSpec("image", "Manage images"),
    GroupSpec("network", "Manage networks"),
    GroupSpec("system", "Manage Docker"),
    GroupSpec("volume", "Manage volumes"),
)


def _c(
    canonical: str, use: str, short: str, arity: Arity, flags: tuple[FlagSpec, ...], **kw: Any
) -> CommandSpec:
    return CommandSpec(canonical, use, short, arity, flags, **kw)


def _aliases(group: str, verb: str, top: str | None = None) -> str:
    return f"docker {group} {verb}, docker {top or verb}"


COMMANDS: tuple[CommandSpec, ...] = (
    # -- containers
    _c(
        "container.attach",
        "attach [OPTIONS] CONTAINER",
        "Attach local standard input, output, and error streams to a running container",
        exactly(1),
        CONTAINER_ATTACH,
        aliases_line=_aliases("container", "attach"),
        top_level=True,
    ),
    _c(
        "container.commit",
        "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        "Create a new image from a container's changes",
        between(1, 2),
        CONTAINER_COMMIT,
        interspersed=False,
        aliases_line=_aliases("container", "commit"),
        top_level=True,
    ),
    _c(
        "container.cp",
        "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        "Copy files/folders between a container and the local filesystem",
        exactly(2),
        CONTAINER_CP,
        long=CP_LONG,
        aliases_line=_aliases("container", "cp"),
        top_level=True,
    ),
    _c(
        "container.create",
        "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create a new container",
        at_least(1),
        CONTAINER_CREATE + CONTAINER_OPTIONS,
        interspersed=False,
        aliases_line=_aliases("container", "create"),
        top_level=True,
    ),
    _c(
        "container.diff",
        "diff CONTAINER",
        "Inspect changes to files or directories on a container's filesystem",
        exactly(1),
        CONTAINER_DIFF,
        aliases_line=_aliases("container", "diff"),
        top_level=True,
    ),
    _c(
        "container.exec",
        "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        "Execute a command in a running container",
        at_least(2),
        CONTAINER_EXEC,
        interspersed=False,
        aliases_line=_aliases("container", "exec"),
        top_level=True,
        category_top=2,
    ),
    _c(
        "container.export",
        "export [OPTIONS] CONTAINER",
        "Export a container's filesystem as a tar archive",
        exactly(1),
        CONTAINER_EXPORT,
        aliases_line=_aliases("container", "export"),
        top_level=True,
    ),
    _c(
        "container.inspect",
        "inspect [OPTIONS] CONTAINER [CONTAINER...]",
        "Display detailed information on one or more containers",
        at_least(1),
        CONTAINER_INSPECT,
    ),
    _c(
        "container.kill",
        "kill [OPTIONS] CONTAINER [CONTAINER...]",
        "Kill one or more running containers",
        at_least(1),
        CONTAINER_KILL,
        aliases_line=_aliases("container", "kill"),
        top_level=True,
    ),
    _c(
        "container.logs",
        "logs [OPTIONS] CONTAINER",
        "Fetch the logs of a container",
        exactly(1),
        CONTAINER_LOGS,
        aliases_line=_aliases("container", "logs"),
        top_level=True,
    ),
    _c(
        "container.ls",
        "ls [OPTIONS]",
        "List containers",
        NO_ARGS,
        CONTAINER_LIST,
        top_use="ps [OPTIONS]",
        group_aliases=("ps", "list"),
        aliases_line="docker container ls, docker container list, docker container ps, docker ps",
        top_level=True,
        category_top=3,
    ),
    _c(
        "container.pause",
        "pause CONTAINER [CONTAINER...]",
        "Pause all processes within one or more containers",
        at_least(1),
        CONTAINER_PAUSE,
        aliases_line=_aliases("container", "pause"),
        top_level=True,
    ),
    _c(
        "container.port",
        "port CONTAINER [PRIVATE_PORT[/PROTO]]",
        "List port mappings or a specific mapping for the container",
        between(1, 2),
        CONTAINER_PORT,
        aliases_line=_aliases("container", "port"),
        top_level=True,
    ),
    _c(
        "container.prune",
        "prune [OPTIONS]",
        "Remove all stopped containers",
        NO_ARGS,
        CONTAINER_PRUNE,
    ),
    _c(
        "container.rename",
        "rename CONTAINER NEW_NAME",
        "Rename a container",
        exactly(2),
        CONTAINER_RENAME,
        aliases_line=_aliases("container", "rename"),
        top_level=True,
    ),
    _c(
        "container.restart",
        "restart [OPTIONS] CONTAINER [CONTAINER...]",
        "Restart one or more containers",
        at_least(1),
        CONTAINER_RESTART,
        aliases_line=_aliases("container", "restart"),
        top_level=True,
    ),
    _c(
        "container.rm",
        "rm [OPTIONS] CONTAINER [CONTAINER...]",
        "Remove one or more containers",
        at_least(1),
        CONTAINER_RM,
        group_aliases=("remove",),
        aliases_line="docker container rm, docker container remove, docker rm",
        top_level=True,
    ),
    _c(
        "container.run",
        "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "Create and run a new container from an image",
        at_least(1),
        CONTAINER_RUN + CONTAINER_OPTIONS,
        interspersed=False,
        aliases_line=_aliases("container", "run"),
        top_level=True,
        category_top=1,
    ),
    _c(
        "container.start",
        "start [OPTIONS] CONTAINER [CONTAINER...]",
        "Start one or more stopped containers",
        at_least(1),
        CONTAINER_START,
        aliases_line=_aliases("container", "start"),
        top_level=True,
    ),
    _c(
        "container.stats",
        "stats [OPTIONS] [CONTAINER...]",
        "Display a live stream of container(s) resource usage statistics",
        at_least(0),
        CONTAINER_STATS,
        aliases_line=_aliases("container", "stats"),
        top_level=True,
    ),
    _c(
        "container.stop",
        "stop [OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers",
        at_least(1),
        CONTAINER_STOP,
        aliases_line=_aliases("container", "stop"),
        top_level=True,
    ),
    _c(
        "container.top",
        "top CONTAINER [ps OPTIONS]",
        "Display the running processes of a container",
        at_least(1),
        CONTAINER_TOP,
        interspersed=False,
        aliases_line=_aliases("container", "top"),
        top_level=True,
    ),
    _c(
        "container.unpause",
        "unpause CONTAINER [CONTAINER...]",
        "Unpause all processes within one or more containers",
        at_least(1),
        CONTAINER_UNPAUSE,
        aliases_line=_aliases("container", "unpause"),
        top_level=True,
    ),
    _c(
        "container.update",
        "update [OPTIONS] CONTAINER [CONTAINER...]",
        "Update configuration of one or more containers",
        at_least(1),
        CONTAINER_UPDATE,
        aliases_line=_aliases("container", "update"),
        top_level=True,
    ),
    _c(
        "container.wait",
        "wait CONTAINER [CONTAINER...]",
        "Block until one or more containers stop, then print their exit codes",
        at_least(1),
        CONTAINER_WAIT,
        aliases_line=_aliases("container", "wait"),
        top_level=True,
    ),
    # -- images
    _c(
        "image.build",
        "build [OPTIONS] PATH | URL | -",
        "Build an image from a Dockerfile",
        exactly(1),
        IMAGE_BUILD,
        aliases_line="docker image build, docker build, docker builder build",
        top_level=True,
        category_top=4,
    ),
    _c(
        "image.history",
        "history [OPTIONS] IMAGE",
        "Show the history of an image",
        exactly(1),
        IMAGE_HISTORY,
        aliases_line=_aliases("image", "history"),
        top_level=True,
    ),
    _c(
        "image.import",
        "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        "Import the contents from a tarball to create a filesystem image",
        at_least(1),
        IMAGE_IMPORT,
        aliases_line=_aliases("image", "import"),
        top_level=True,
    ),
    _c(
        "image.inspect",
        "inspect [OPTIONS] IMAGE [IMAGE...]",
        "Display detailed information on one or more images",
        at_least(1),
        IMAGE_INSPECT,
    ),
    _c(
        "image.load",
        "load [OPTIONS]",
        "Load an image from a tar archive or STDIN",
        NO_ARGS,
        IMAGE_LOAD,
        aliases_line=_aliases("image", "load"),
        top_level=True,
    ),
    _c(
        "image.ls",
        "ls [OPTIONS] [REPOSITORY[:TAG]]",
        "List images",
        at_most(1),
        IMAGE_LIST,
        top_use="images [OPTIONS] [REPOSITORY[:TAG]]",
        group_aliases=("list",),
        aliases_line="docker image ls, docker image list, docker images",
        top_level=True,
        category_top=7,
    ),
    _c("image.prune", "prune [OPTIONS]", "Remove unused images", NO_ARGS, IMAGE_PRUNE),
    _c(
        "image.pull",
        "pull [OPTIONS] NAME[:TAG|@DIGEST]",
        "Download an image from a registry",
        exactly(1),
        IMAGE_PULL,
        aliases_line=_aliases("image", "pull"),
        top_level=True,
        category_top=5,
    ),
    _c(
        "image.push",
        "push [OPTIONS] NAME[:TAG]",
        "Upload an image to a registry",
        exactly(1),
        IMAGE_PUSH,
        aliases_line=_aliases("image", "push"),
        top_level=True,
        category_top=6,
    ),
    _c(
        "image.rm",
        "rm [OPTIONS] IMAGE [IMAGE...]",
        "Remove one or more images",
        at_least(1),
        IMAGE_REMOVE,
        top_use="rmi [OPTIONS] IMAGE [IMAGE...]",
        group_aliases=("rmi", "remove"),
        aliases_line="docker image rm, docker image remove, docker rmi",
        top_level=True,
    ),
    _c(
        "image.save",
        "save [OPTIONS] IMAGE [IMAGE...]",
        "Save one or more images to a tar archive (streamed to STDOUT by default)",
        at_least(1),
        IMAGE_SAVE,
        aliases_line=_aliases("image", "save"),
        top_level=True,
    ),
    _c(
        "image.tag",
        "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        exactly(2),
        IMAGE_TAG,
        interspersed=False,
        aliases_line=_aliases("image", "tag"),
        top_level=True,
    ),
    # -- volumes
    _c("volume.create", "create [OPTIONS] [VOLUME]", "Create a volume", at_most(1), VOLUME_CREATE),
    _c(
        "volume.inspect",
        "inspect [OPTIONS] VOLUME [VOLUME...]",
        "Display detailed information on one or more volumes",
        at_least(1),
        VOLUME_INSPECT,
    ),
    _c("volume.ls", "ls [OPTIONS]", "List volumes", NO_ARGS, VOLUME_LIST, group_aliases=("list",)),
    _c("volume.prune", "prune [OPTIONS]", "Remove unused local volumes", NO_ARGS, VOLUME_PRUNE),
    _c(
        "volume.rm",
        "rm [OPTIONS] VOLUME [VOLUME...]",
        "Remove one or more volumes",
        at_least(1),
        VOLUME_REMOVE,
        long=VOLUME_RM_LONG,
        group_aliases=("remove",),
    ),
    # -- networks
    _c(
        "network.connect",
        "connect [OPTIONS] NETWORK CONTAINER",
        "Connect a container to a network",
        exactly(2),
        NETWORK_CONNECT,
    ),
    _c(
        "network.create", "create [OPTIONS] NETWORK", "Create a network", exactly(1), NETWORK_CREATE
    ),
    _c(
        "network.disconnect",
        "disconnect [OPTIONS] NETWORK CONTAINER",
        "Disconnect a container from a network",
        exactly(2),
        NETWORK_DISCONNECT,
    ),
    _c(
        "network.inspect",
        "inspect [OPTIONS] NETWORK [NETWORK...]",
        "Display detailed information on one or more networks",
        at_least(1),
        NETWORK_INSPECT,
    ),
    _c(
        "network.ls",
        "ls [OPTIONS]",
        "List networks",
        NO_ARGS,
        NETWORK_LIST,
        group_aliases=("list",),
    ),
    _c("network.prune", "prune [OPTIONS]", "Remove all unused networks", NO_ARGS, NETWORK_PRUNE),
    _c(
        "network.rm",
        "rm NETWORK [NETWORK...]",
        "Remove one or more networks",
        at_least(1),
        NETWORK_REMOVE,
        group_aliases=("remove",),
    ),
    # -- system and builder
    _c("system.df", "df [OPTIONS]", "Show docker disk usage", NO_ARGS, SYSTEM_DF),
    _c(
        "system.events",
        "events [OPTIONS]",
        "Get real time events from the server",
        NO_ARGS,
        SYSTEM_EVENTS,
        aliases_line=_aliases("system", "events"),
        top_level=True,
    ),
    _c(
        "top.info",
        "info [OPTIONS]",
        "Display system-wide information",
        NO_ARGS,
        SYSTEM_INFO,
        aliases_line=_aliases("system", "info"),
        top_level=True,
        group_name="system",
        category_top=12,
    ),
    _c("system.prune", "prune [OPTIONS]", "Remove unused data", NO_ARGS, SYSTEM_PRUNE),
    _c("builder.prune", "prune", "Remove build cache", NO_ARGS, BUILDER_PRUNE),
    # -- top level only
    _c(
        "top.inspect",
        "inspect [OPTIONS] NAME|ID [NAME|ID...]",
        "Return low-level information on Docker objects",
        at_least(1),
        SYSTEM_INSPECT,
        top_level=True,
        in_group=False,
    ),
    _c(
        "top.version",
        "version [OPTIONS]",
        "Show the Docker version information",
        NO_ARGS,
        SYSTEM_VERSION,
        top_level=True,
        in_group=False,
        category_top=11,
    ),
    _c(
        "top.login",
        "login [OPTIONS] [SERVER]",
        "Authenticate to a registry",
        at_most(1),
        REGISTRY_LOGIN,
        long="Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
        top_level=True,
        in_group=False,
        category_top=8,
    ),
    _c(
        "top.logout",
        "logout [SERVER]",
        "Log out from a registry",
        at_most(1),
        REGISTRY_LOGOUT,
        long="Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
        top_level=True,
        in_group=False,
        category_top=9,
    ),
    _c(
        "top.search",
        "search [OPTIONS] TERM",
        "Search Docker Hub for images",
        exactly(1),
        REGISTRY_SEARCH,
        top_level=True,
        in_group=False,
        category_top=10,
    ),
)

# `docker builder build` is the same command as `docker image build`.
EXTRA_GROUP_ENTRIES: dict[tuple[str, str], str] = {("builder", "build"): "image.build"}
