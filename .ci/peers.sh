#!/usr/bin/env bash
# Installs Prosody and ejabberd from Debian packages for the federation interop tests (server-it,
# dev.xmppd.it.federation) and makes sure their system services are not running: the tests start each server
# themselves, as a child process with a generated config, on 127.0.0.2 and 127.0.0.3, and a system Prosody or
# ejabberd listening on 5222/5269 on all interfaces would take those ports. Also the third-party clients and servers of
# server-app's interop ITs: slixmpp, coturn, and Strophe.js under Node.js. Idempotent.
#
#   .ci/peers.sh
#
# Needs root (or sudo) for apt-get and for stopping services. Changes nothing else on the machine: no /etc/hosts
# entries (the tests resolve through their own stub DNS), no configs (the tests write theirs to a temp dir).
set -euo pipefail

log() { echo "peers.sh: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

have_lunbound() {
    # Prosody resolves through libunbound only if lua-unbound (a Recommends) is installed; the tests need it.
    compgen -G "/usr/lib/*/lua/5.4/lunbound.so" >/dev/null || compgen -G "/usr/lib/lua/5.4/lunbound.so" >/dev/null
}

missing=()
command -v prosody >/dev/null 2>&1 || missing+=(prosody)
have_lunbound || missing+=(lua-unbound)
command -v ejabberdctl >/dev/null 2>&1 || [ -x /usr/sbin/ejabberdctl ] || missing+=(ejabberd)
# A third-party XEP-0114 component for server-app's ComponentSlixmppIT (slixmpp: the library slidge is built on).
/usr/bin/python3 -c 'import slixmpp' >/dev/null 2>&1 || missing+=(python3-slixmpp)
# A real TURN server for server-app's ExternalServicesIT: it checks the XEP-0215 credentials xmppd hands out.
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
# Node.js and npm for the web client library of server-app's StropheClientIT (installed below from the npm registry).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -gt 0 ]; then
    # Keep the packages' maintainer scripts from starting the services (Debian's policy-rc.d convention).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    log "installing ${missing[*]} from Debian packages"
    as_root apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# Stop and disable the system services, in case the packages were installed with services allowed to start. Without
# systemd, only a service that left its pid file is stopped: "/etc/init.d/ejabberd stop" on a stopped ejabberd runs
# ejabberdctl, which would leave an epmd daemon behind.
for service in prosody ejabberd coturn; do
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
        as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$service" ] && [ -e "/run/$service/$service.pid" ]; then
        log "stopping the system $service service"
        as_root "/etc/init.d/$service" stop >/dev/null 2>&1 || true
    fi
done

# Nothing may answer where the tests put their peers (a wildcard listener on 5222/5269 would).
for address in 127.0.0.2 127.0.0.3; do
    for port in 5222 5269; do
        if (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null; then
            log "something already listens on $address:$port; stop it (a system prosody or ejabberd?) and retry"
            exit 1
        fi
    done
done

# Strophe.js, the XMPP library under Converse.js, with the pieces it needs under Node.js (an XMLHttpRequest for BOSH,
# ws, xmldom), pinned, in the directory StropheJs.MODULES names.
js_dir=/opt/xmppd-test-js
if [ ! -d "$js_dir/node_modules/strophe.js" ] || [ ! -d "$js_dir/node_modules/xhr2" ]; then
    log "installing Strophe.js into $js_dir from the npm registry"
    as_root mkdir -p "$js_dir"
    as_root sh -c "cat > '$js_dir/package.json'" <<'JSON'
{"name": "xmppd-test-js", "private": true,
 "dependencies": {"strophe.js": "3.0.1", "xhr2": "0.2.1", "ws": "8.23.0", "@xmldom/xmldom": "0.9.12"},
 "overrides": {"@xmldom/xmldom": "0.9.12"}}
JSON
    (cd "$js_dir" && as_root npm install --no-audit --no-fund --loglevel=error >&2)
fi

log "prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null || echo '?'),"\
" ejabberd $(dpkg-query -W -f='${Version}' ejabberd 2>/dev/null || echo '?'): installed, services stopped"
