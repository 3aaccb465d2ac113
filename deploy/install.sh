#!/usr/bin/env bash
# Installs or upgrades MediaFlow on one Debian 12 or Ubuntu 22.04+ server:
# packages, the mediaflow user, directories, the binary, the settings file,
# the systemd service and the nginx site.
#
# Run it again at any time: it changes only what differs, never replaces an
# existing SECRET_KEY or settings file, and restarts the service only when
# the binary, the unit or the settings changed.
#
#   sudo deploy/install.sh --binary ./mediaflow
#   deploy/install.sh --dry-run          # prints what it would do; no root needed

set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

# Sources, from this repository.
ENV_EXAMPLE=$SCRIPT_DIR/env.example
UNIT_SRC=$SCRIPT_DIR/systemd/mediaflow.service
NGINX_SITE_SRC=$SCRIPT_DIR/nginx/mediaflow.conf
NGINX_SNIPPET_SRC=$SCRIPT_DIR/nginx/mediaflow-proxy.conf
NGINX_EXAMPLE_SRC=$SCRIPT_DIR/nginx/custom-domain.conf.example

# Destinations on the server.
BIN_PATH=/usr/local/bin/mediaflow
ETC_DIR=/etc/mediaflow
ENV_FILE=$ETC_DIR/mediaflow.env
DATA_DIR=/var/lib/mediaflow
UNIT_PATH=/etc/systemd/system/mediaflow.service
NGINX_SITE=/etc/nginx/sites-available/mediaflow.conf
NGINX_LINK=/etc/nginx/sites-enabled/mediaflow.conf
NGINX_DEFAULT_LINK=/etc/nginx/sites-enabled/default
NGINX_SNIPPET=/etc/nginx/snippets/mediaflow-proxy.conf
NGINX_HOSTS_DIR=/etc/nginx/mediaflow-hosts
CERT_DIR=/etc/ssl/mediaflow
ACME_ROOT=/var/www/mediaflow-acme
SERVICE_USER=mediaflow
SERVICE_GROUP=mediaflow
# Owner of installed files (binary, unit, nginx files, settings file).
ROOT_OWNER=root
ROOT_GROUP=root
PACKAGES=(ffmpeg espeak-ng ca-certificates openssl nginx)

REQUIRE_ROOT=1
DRY_RUN=0
WITH_NGINX=1
START=1
BINARY_SRC=./mediaflow
RESTART_NEEDED=0

usage() {
    cat <<EOF
Usage: $(basename "$0") [options]

Installs or upgrades MediaFlow on this Debian/Ubuntu server.

Options:
  --binary PATH   the mediaflow binary to install (default: ./mediaflow)
  --no-nginx      leave nginx alone (another proxy terminates TLS)
  --no-start      install and enable, but do not start or restart the service
  --dry-run       print what would be done and change nothing (no root needed)
  -h, --help      show this help
EOF
}

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# run executes a command that changes the system, or only prints it in a dry run.
run() {
    if ((DRY_RUN)); then
        printf '    would run:'
        printf ' %q' "$@"
        printf '\n'
        return 0
    fi
    "$@"
}

parse_args() {
    while (($#)); do
        case $1 in
        --binary)
            (($# >= 2)) || die "--binary needs a path"
            BINARY_SRC=$2
            shift 2
            ;;
        --binary=*)
            BINARY_SRC=${1#--binary=}
            shift
            ;;
        --no-nginx) WITH_NGINX=0 && shift ;;
        --no-start) START=0 && shift ;;
        --dry-run) DRY_RUN=1 && shift ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            usage >&2
            die "unknown option: $1"
            ;;
        esac
    done
}

check_root() {
    if ((EUID == 0 || !REQUIRE_ROOT)); then
        return 0
    fi
    if ((DRY_RUN)); then
        note "not running as root: fine for a dry run, a real run needs sudo"
        return 0
    fi
    die "this installer must run as root (try: sudo $0 $*)"
}

check_system() {
    local missing=()
    local tool
    for tool in apt-get dpkg-query systemctl useradd install cmp; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        if ((DRY_RUN)); then
            warn "not a Debian/Ubuntu host with systemd (missing: ${missing[*]}); a real run would stop here"
            return 0
        fi
        die "this installer needs a Debian or Ubuntu host with systemd (missing: ${missing[*]})"
    fi
}

check_sources() {
    local f
    for f in "$ENV_EXAMPLE" "$UNIT_SRC" "$NGINX_SITE_SRC" "$NGINX_SNIPPET_SRC" "$NGINX_EXAMPLE_SRC"; do
        [[ -f $f ]] || die "missing $f: run the installer from a complete copy of the deploy/ directory"
    done
    [[ -f $BINARY_SRC && -x $BINARY_SRC ]] ||
        die "no executable mediaflow binary at $BINARY_SRC (build it with: CGO_ENABLED=0 go build -o mediaflow .), or pass --binary PATH"
    local version
    version=$("$BINARY_SRC" version 2>/dev/null) || die "$BINARY_SRC does not run ('$BINARY_SRC version' failed)"
    [[ $version == mediaflow\ * ]] || die "$BINARY_SRC does not look like the mediaflow binary (it printed: $version)"
    say "installing $version from $BINARY_SRC"
}

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_packages() {
    say "system packages: ${PACKAGES[*]}"
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        if [[ $p == nginx ]] && ((!WITH_NGINX)); then
            continue
        fi
        package_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        note "all installed"
        return 0
    fi
    # Wait for another apt or unattended-upgrades run instead of failing.
    run apt-get -o DPkg::Lock::Timeout=300 update
    run env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"
}

ensure_user() {
    say "service user $SERVICE_USER"
    if getent passwd "$SERVICE_USER" >/dev/null; then
        note "exists"
        return 0
    fi
    run useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
        --shell /usr/sbin/nologin --comment "MediaFlow server" "$SERVICE_USER"
}

ensure_dirs() {
    say "directories $DATA_DIR, $ETC_DIR"
    # install -d creates what is missing and resets owner and mode otherwise.
    run install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_GROUP" "$DATA_DIR" "$DATA_DIR/storage"
    run install -d -m 0750 -o "$ROOT_OWNER" -g "$SERVICE_GROUP" "$ETC_DIR"
}

# install_file copies src to dest with the given mode when they differ and
# reports whether it did (status 0) or not (status 1).
install_file() {
    local src=$1 dest=$2 mode=$3
    if cmp -s "$src" "$dest"; then
        note "$dest is up to date"
        return 1
    fi
    run install -m "$mode" -o "$ROOT_OWNER" -g "$ROOT_GROUP" "$src" "$dest"
    return 0
}

install_binary() {
    say "binary $BIN_PATH"
    if install_file "$BINARY_SRC" "$BIN_PATH" 0755; then
        RESTART_NEEDED=1
    fi
}

new_secret() {
    od -An -tx1 -N32 /dev/urandom | tr -d ' \n'
}

# secret_value prints the last SECRET_KEY value in the settings file, if any.
secret_value() {
    sed -n 's/^[[:space:]]*SECRET_KEY[[:space:]]*=[[:space:]]*//p' "$ENV_FILE" | tail -n 1 | tr -d "\"'[:space:]"
}

ensure_env_file() {
    say "settings $ENV_FILE"
    if [[ ! -e $ENV_FILE ]]; then
        if ((DRY_RUN)); then
            note "would create it from env.example with a newly generated SECRET_KEY"
            return 0
        fi
        local tmp
        tmp=$(mktemp "$ETC_DIR/.mediaflow.env.XXXXXX")
        sed "s/^SECRET_KEY=.*/SECRET_KEY=$(new_secret)/" "$ENV_EXAMPLE" >"$tmp"
        chmod 0640 "$tmp"
        chown "$ROOT_OWNER:$SERVICE_GROUP" "$tmp"
        mv "$tmp" "$ENV_FILE"
        note "created, with a newly generated SECRET_KEY"
        RESTART_NEEDED=1
        return 0
    fi
    if [[ ! -r $ENV_FILE ]]; then
        # Only in a dry run without root: a real run is root and can read it.
        note "exists but is not readable by this user; a real run checks its SECRET_KEY"
        return 0
    fi
    if [[ -n $(secret_value) ]]; then
        note "exists and has a SECRET_KEY: left as it is"
        return 0
    fi
    if ((DRY_RUN)); then
        note "exists without a SECRET_KEY: would add a newly generated one"
        return 0
    fi
    if grep -Eq '^[[:space:]]*SECRET_KEY[[:space:]]*=' "$ENV_FILE"; then
        # Only lines whose value is empty are rewritten.
        sed -i -E "s/^[[:space:]]*SECRET_KEY[[:space:]]*=[[:space:]\"']*$/SECRET_KEY=$(new_secret)/" "$ENV_FILE"
    else
        printf '\nSECRET_KEY=%s\n' "$(new_secret)" >>"$ENV_FILE"
    fi
    [[ -n $(secret_value) ]] || die "could not set SECRET_KEY in $ENV_FILE; set it by hand (openssl rand -hex 32)"
    note "added a newly generated SECRET_KEY"
    RESTART_NEEDED=1
}

install_unit() {
    say "systemd unit $UNIT_PATH"
    if install_file "$UNIT_SRC" "$UNIT_PATH" 0644; then
        run systemctl daemon-reload
        RESTART_NEEDED=1
    fi
    if systemctl is-enabled --quiet mediaflow.service 2>/dev/null; then
        note "enabled"
    else
        run systemctl enable mediaflow.service
    fi
}

ensure_certificate() {
    if [[ -e $CERT_DIR/fullchain.pem && -e $CERT_DIR/privkey.pem ]]; then
        note "certificate $CERT_DIR/fullchain.pem present"
        return 0
    fi
    # nginx refuses to start without the files its TLS server names. A
    # short-lived self-signed pair lets it start (and answer ACME challenges on
    # port 80) until the real certificate replaces it.
    warn "no certificate in $CERT_DIR: a 30-day self-signed placeholder stands in until the real one replaces it (docs/deploy.md)"
    run install -d -m 0750 -o "$ROOT_OWNER" -g "$ROOT_GROUP" "$CERT_DIR"
    run openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=mediaflow-placeholder \
        -keyout "$CERT_DIR/privkey.pem" -out "$CERT_DIR/fullchain.pem"
    run chmod 0600 "$CERT_DIR/privkey.pem"
}

install_nginx() {
    if ((!WITH_NGINX)); then
        say "nginx: skipped (--no-nginx)"
        return 0
    fi
    say "nginx site $NGINX_SITE"
    local changed=0
    install_file "$NGINX_SITE_SRC" "$NGINX_SITE" 0644 && changed=1
    install_file "$NGINX_SNIPPET_SRC" "$NGINX_SNIPPET" 0644 && changed=1
    run install -d -m 0755 -o "$ROOT_OWNER" -g "$ROOT_GROUP" "$NGINX_HOSTS_DIR" "$ACME_ROOT"
    install_file "$NGINX_EXAMPLE_SRC" "$NGINX_HOSTS_DIR/custom-domain.conf.example" 0644 || true
    ensure_certificate
    if [[ $(readlink "$NGINX_LINK" 2>/dev/null) != "$NGINX_SITE" ]]; then
        run ln -sfn "$NGINX_SITE" "$NGINX_LINK"
        changed=1
    fi
    if [[ -L $NGINX_DEFAULT_LINK ]]; then
        # Debian's default site also claims default_server on port 80.
        note "disabling the default site (it would clash with MediaFlow's catch-all)"
        run rm -f "$NGINX_DEFAULT_LINK"
        changed=1
    elif [[ -e $NGINX_DEFAULT_LINK ]]; then
        warn "$NGINX_DEFAULT_LINK is a regular file; if nginx -t reports a duplicate default server, remove it"
    fi
    run nginx -t
    if ! systemctl is-active --quiet nginx 2>/dev/null; then
        run systemctl enable --now nginx
    elif ((changed)); then
        run systemctl reload nginx
    else
        note "nginx is running with this configuration already"
    fi
}

# env_setting prints a setting from the settings file, or the default.
env_setting() {
    local value=""
    [[ -r $ENV_FILE ]] && value=$(sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1)
    printf '%s' "${value:-$2}"
}

wait_until_healthy() {
    local host port i
    host=$(env_setting HOST 127.0.0.1)
    port=$(env_setting PORT 8080)
    [[ $host == 0.0.0.0 ]] && host=127.0.0.1
    for ((i = 0; i < 30; i++)); do
        if (exec 3<>"/dev/tcp/$host/$port" &&
            printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 &&
            head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null; then
            note "answering on http://$host:$port/healthz"
            return 0
        fi
        sleep 1
    done
    die "mediaflow does not answer on $host:$port after 30 s; see: journalctl -u mediaflow -n 50"
}

start_service() {
    if ((!START)); then
        say "service: not started (--no-start)"
        return 0
    fi
    say "service mediaflow"
    if systemctl is-active --quiet mediaflow.service 2>/dev/null; then
        if ((!RESTART_NEEDED)); then
            note "running, nothing changed"
            return 0
        fi
        # The restart applies pending migrations first (ExecStartPre).
        run systemctl restart mediaflow.service
    else
        run systemctl start mediaflow.service
    fi
    ((DRY_RUN)) || wait_until_healthy
}

next_steps() {
    cat <<EOF

Done. Next:
  - review $ENV_FILE (DATABASE_URL, REDIS_URL, PLATFORM_HOST); then: systemctl restart mediaflow
  - create a tenant (as $SERVICE_USER, so new files keep the right owner):
      sudo -u $SERVICE_USER $BIN_PATH --env-file $ENV_FILE tenant create --slug SLUG --name NAME --host HOST
  - TLS: put the real certificate at $CERT_DIR/fullchain.pem and privkey.pem, or one server per custom
    domain in $NGINX_HOSTS_DIR/ (see custom-domain.conf.example); then: nginx -t && systemctl reload nginx
  - check: curl -fsS https://<tenant host>/readyz
EOF
}

main() {
    parse_args "$@"
    ((DRY_RUN)) && say "dry run: nothing will be changed"
    check_root "$@"
    check_system
    check_sources
    install_packages
    ensure_user
    ensure_dirs
    install_binary
    ensure_env_file
    install_unit
    install_nginx
    start_service
    next_steps
}

# Sourcing the file (as its tests do) defines the functions without running.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main "$@"
fi
