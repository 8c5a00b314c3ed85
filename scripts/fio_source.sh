# shellcheck shell=bash
# The source tree of the installed fio, for building examples/fio_plugin.
# Sourced by scripts/install_deps.sh; defines functions only.
#
# fio_source_dir        prints where the tree of the installed fio lives
#                       (FIO_SOURCE_DIR, else /usr/local/src/fio-<upstream version>)
# fio_source_install    unpacks it there with 'apt-get source' (adding a
#                       deb-src entry for the archive fio came from when apt
#                       has none) and runs fio's ./configure, which writes
#                       the config-host.h that fio's headers include.
#                       Does nothing when the tree is there for this version.

fio_src_log() { echo "install_deps.sh: $*" >&2; }

fio_source_dir() {
    local ver
    ver=$(dpkg-query -W -f='${Version}' fio 2>/dev/null) || return 1
    ver=${ver#*:}
    echo "${FIO_SOURCE_DIR:-/usr/local/src/fio-${ver%-*}}"
}

# The archive the installed fio came from, as "URI SUITE COMPONENT", from the
# line under the installed version ('***') in apt-cache policy.
fio_src_archive() {
    apt-cache policy fio | awk '
        /^ \*\*\* / { inst = 1; next }
        /^     [^ ]/ && !/^      / { if (inst) exit }
        inst && $2 ~ /^[a-z]+:\/\// {
            n = split($3, sc, "/")
            print $2, sc[1], (n > 1 ? sc[2] : "main")
            exit
        }'
}

# Adds a deb-src entry for URI SUITE COMPONENT, in the format the machine uses:
# a deb822 .sources file when the archive is configured in one (Signed-By
# copied from it), a one-line .list entry otherwise.
fio_src_add_deb_src() {
    local uri=$1 suite=$2 comp=$3 f signed=
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        signed=$(awk -v uri="$uri" '
            /^[ \t]*$/ { if (hit && s != "") exit; hit = 0; s = ""; next }
            /^URIs:/ { for (i = 2; i <= NF; i++) if ($i == uri) hit = 1 }
            /^Signed-By:/ { s = $2 }
            END { if (hit && s != "") print s }' "$f")
        [ -n "$signed" ] && break
    done
    if [ -n "$signed" ]; then
        f=/etc/apt/sources.list.d/ealnvme-fio-src.sources
        printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\nSigned-By: %s\n' \
            "$uri" "$suite" "$comp" "$signed" > "$f"
    else
        f=/etc/apt/sources.list.d/ealnvme-fio-src.list
        printf 'deb-src %s %s %s\n' "$uri" "$suite" "$comp" > "$f"
    fi
    fio_src_log "added $f (deb-src $uri $suite $comp) for 'apt-get source fio'"
}

fio_source_install() {
    local ver dest work archive
    ver=$(dpkg-query -W -f='${Version}' fio 2>/dev/null) ||
        { fio_src_log "fio is not installed; 'apt-get install fio' first"; return 1; }
    dest=$(fio_source_dir)
    if [ -f "$dest/ioengines.h" ] && [ -f "$dest/config-host.h" ] &&
       [ "$(cat "$dest/.ealnvme-fio-version" 2>/dev/null)" = "$ver" ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        fio_src_log "fio $ver source missing in $dest; run scripts/install_deps.sh as root"
        return 1
    fi
    if ! apt-get source -q --print-uris "fio=$ver" > /dev/null 2>&1; then
        archive=$(fio_src_archive)
        [ -n "$archive" ] ||
            { fio_src_log "cannot tell which archive fio $ver came from (apt-cache policy fio)"; return 1; }
        # shellcheck disable=SC2086  # three words on purpose
        fio_src_add_deb_src $archive
        apt-get update -q > /dev/null
    fi
    mkdir -p "$(dirname "$dest")"
    work=$(mktemp -d "$(dirname "$dest")/.fio-src.XXXXXX") || return 1
    # dpkg-source applies Debian's patches: the headers match the installed fio.
    if ! (cd "$work" && apt-get source -q "fio=$ver" > apt-source.log 2>&1); then
        fio_src_log "'apt-get source fio=$ver' failed:"
        tail -n 5 "$work/apt-source.log" >&2
        rm -rf "$work"
        return 1
    fi
    rm -rf "$dest"
    mv "$work/fio-${ver%-*}" "$dest" || { rm -rf "$work"; return 1; }
    rm -rf "$work"
    # config-host.h (fio's headers include it); nothing is compiled here.
    if ! (cd "$dest" && ./configure > configure.log 2>&1); then
        fio_src_log "fio's ./configure failed in $dest; see $dest/configure.log"
        return 1
    fi
    echo "$ver" > "$dest/.ealnvme-fio-version"
    fio_src_log "fio $ver source in $dest (meson finds it there, or -Dfio_source=$dest)"
}
