#!/usr/bin/env bash
# The CMake package and the Debian package, used as a user would:
#   1. `cmake --install` into a prefix; examples/consumer (a project outside this tree) finds it
#      with find_package(wsconform CONFIG), builds the echo example on wsconform::impl and a rule
#      lookup on wsconform::model, and its ctest runs the catalogue through
#      wsconform_add_conformance_test() (a FAILED-free run passes, FAIL_ON reaches ctest);
#   2. `cpack -G DEB` builds the package; its metadata and contents are checked; as root (or with
#      password-less sudo) it is installed with dpkg, /usr/bin/wsconform runs cases, the consumer
#      builds against /usr, and the package is removed again.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
work=$(mktemp -d)
installed_by_us=0
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo -n)
cleanup() {
  if [ "$installed_by_us" = 1 ]; then "${sudo_cmd[@]}" dpkg -r wsconform >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

consumer() {  # consumer BUILD_DIR [cmake args...]: configure, build and test examples/consumer
  local dir=$1; shift
  cmake -S "$source/examples/consumer" -B "$dir" -G Ninja "$@" >"$dir.log" 2>&1 || { cat "$dir.log"; fail "consumer: configure"; }
  cmake --build "$dir" >>"$dir.log" 2>&1 || { cat "$dir.log"; fail "consumer: build"; }
  (cd "$dir" && ctest --output-on-failure --timeout 120) || fail "consumer: ctest in $dir"
  [ -s "$dir/echo_conformance-reports/index.json" ] || fail "consumer: no report in $dir/echo_conformance-reports"
  grep -q '"1.1.1"' "$dir/echo_conformance-reports/index.json" || fail "consumer: case 1.1.1 missing from the report"
}

echo "== cmake --install into a prefix"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
for f in bin/wsconform lib/libwsconform_impl.a lib/libwsconform_model.a include/wsconform/impl/connection.hpp \
         include/wsconform/model/rules.def include/wsconform/vocab/wire_numbers.hpp \
         lib/cmake/wsconform/wsconformConfig.cmake lib/cmake/wsconform/wsconformConformanceTest.cmake; do
  [ -e "$work/prefix/$f" ] || fail "install tree lacks $f"
done
[ -z "$(find "$work/prefix/include" -path '*tests*')" ] || fail "install tree holds test sources"

echo "== examples/consumer against the install tree"
consumer "$work/consumer-prefix" -DCMAKE_PREFIX_PATH="$work/prefix"

echo "== cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/deb/wsconform_*.deb)
dpkg-deb --field "$deb" Package | grep -qx wsconform || fail "package name"
dpkg-deb --field "$deb" Depends | grep -q libz3-4 || fail "Depends lacks libz3-4"
dpkg-deb --contents "$deb" >"$work/contents.txt"
grep -q ' ./usr/bin/wsconform$' "$work/contents.txt" || fail "package lacks /usr/bin/wsconform"
grep -q ' ./usr/lib/cmake/wsconform/wsconformConfig.cmake$' "$work/contents.txt" || fail "package lacks the CMake config"

if ! "${sudo_cmd[@]}" true 2>/dev/null; then
  echo "SKIP the dpkg install: neither root nor password-less sudo"
  exit 0
fi
if dpkg-query -W -f='${Status}' wsconform 2>/dev/null | grep -q "install ok installed"; then
  fail "a wsconform package is installed already; this test installs and removes its own"
fi
echo "== dpkg -i $(basename "$deb")"
"${sudo_cmd[@]}" dpkg -i "$deb" >/dev/null
installed_by_us=1
/usr/bin/wsconform run --cases '1.1.*,7.9.*' --out "$work/deb-run" --quiet || fail "/usr/bin/wsconform run"
[ -s "$work/deb-run/index.json" ] || fail "/usr/bin/wsconform wrote no report"
consumer "$work/consumer-usr"
"${sudo_cmd[@]}" dpkg -r wsconform >/dev/null
installed_by_us=0
[ ! -e /usr/bin/wsconform ] || fail "dpkg -r left /usr/bin/wsconform"
echo "OK: install tree, consumer project, Debian package installed, used and removed"
