#!/bin/bash -eu
# The build script OSS-Fuzz (and ClusterFuzzLite) calls: every fuzz target, statically, from
# project code only (plus libcrypto for SHA-1 and zlib for permessage-deflate), with the engine's $CC/$CXX/$CFLAGS/$CXXFLAGS
# and $LIB_FUZZING_ENGINE; seeds as <target>_seed_corpus.zip, the dictionary and the
# .options files into $OUT. Also runnable by hand with those variables set
# (scripts/oss-fuzz-check.sh does that to simulate OSS-Fuzz).
SRC_DIR=${SRC_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
WORK=${WORK:-$(mktemp -d)}
cd "$SRC_DIR"

# The standard library is left out of coverage everywhere (fuzz/stdlib_coverage_ignorelist.txt).
flags="$CXXFLAGS -std=c++20 -I$SRC_DIR -fsanitize-coverage-ignorelist=$SRC_DIR/fuzz/stdlib_coverage_ignorelist.txt"
# Each library's one source list (<folder>/sources.txt), as CMake reads it.
sources_of() { grep -v '^#' "$1/sources.txt" | sed "s|^|$1/|"; }
mapfile -t model < <(sources_of model)
mapfile -t rest < <(sources_of impl; echo differential/differential.cpp; echo differential/subject.cpp)
compile() {  # compile <tag> <extra flags> <sources...>: prints the object paths
  local tag=$1 extra=$2
  shift 2
  for src in "$@"; do
    local obj="$WORK/$tag$(echo "$src" | tr / _).o"
    $CXX $flags $extra -c "$src" -o "$obj"
    echo "$obj"
  done
}
mapfile -t shared < <(compile "" "" "${rest[@]}")
mapfile -t model_objects < <(compile "" "" "${model[@]}")
# The differential targets' oracle: the model without coverage of its own (fuzz/oracle_coverage_ignorelist.txt).
mapfile -t oracle_objects < <(compile oracle_ "-fsanitize-coverage-ignorelist=$SRC_DIR/fuzz/oracle_coverage_ignorelist.txt" "${model[@]}")

crypto=${CRYPTO_LIB:-$( (ls /usr/lib/x86_64-linux-gnu/libcrypto.a /usr/local/lib/libcrypto.a 2>/dev/null || true) | head -1)}
[ -n "$crypto" ] || crypto=-lcrypto
# zlib for permessage-deflate in impl/ (statically where the image has libz.a).
zlib=${ZLIB_LIB:-$( (ls /usr/lib/x86_64-linux-gnu/libz.a /usr/local/lib/libz.a 2>/dev/null || true) | head -1)}
[ -n "$zlib" ] || zlib=-lz

# Adapters (docs/adapters.md): a library's adapter, compiled with $CC, and the library itself.
# wslay: WSLAY_CFLAGS / WSLAY_LIBS name an instrumented build (a library's own OSS-Fuzz project
# builds it from source); by default the system's libwslay-dev, and without it the target is skipped.
WSLAY_CFLAGS=${WSLAY_CFLAGS:-}
WSLAY_LIBS=${WSLAY_LIBS:--lwslay}
wslay_adapter=
if echo '#include <wslay/wslay.h>' | $CC $CFLAGS $WSLAY_CFLAGS -I"$SRC_DIR" -x c -fsyntax-only - 2>/dev/null; then
  wslay_adapter="$WORK/wslay_adapter.o"
  $CC $CFLAGS $WSLAY_CFLAGS -std=c11 -I"$SRC_DIR" -c adapter/wslay/wslay_adapter.c -o "$wslay_adapter"
fi

# Boost.Beast: header-only, its adapter compiled with $CXX like the project's code; BEAST_CXXFLAGS
# names another Boost's headers. Without Boost's headers the target is skipped.
BEAST_CXXFLAGS=${BEAST_CXXFLAGS:-}
beast_adapter=
if $CXX $flags $BEAST_CXXFLAGS -fsyntax-only adapter/beast/beast_adapter.cpp 2>/dev/null; then
  beast_adapter="$WORK/beast_adapter.o"
  $CXX $flags $BEAST_CXXFLAGS -c adapter/beast/beast_adapter.cpp -o "$beast_adapter"
fi

for src in fuzz/fuzz_*.cpp; do
  target=$(basename "$src" .cpp)
  case "$target" in
    fuzz_differential_*) objects=("${oracle_objects[@]}" "${shared[@]}") ;;
    *) objects=("${model_objects[@]}" "${shared[@]}") ;;
  esac
  libraries=()
  if [ "$target" = fuzz_differential_wslay ]; then
    if [ -z "$wslay_adapter" ]; then echo "build.sh: $target skipped (no wslay headers)" >&2; continue; fi
    objects+=("$wslay_adapter")
    libraries=($WSLAY_LIBS)
  fi
  if [ "$target" = fuzz_differential_beast ]; then
    if [ -z "$beast_adapter" ]; then echo "build.sh: $target skipped (no Boost.Beast headers)" >&2; continue; fi
    objects+=("$beast_adapter")
  fi
  $CXX $flags "$src" "${objects[@]}" "${libraries[@]}" $LIB_FUZZING_ENGINE $crypto $zlib -ldl -lpthread -o "$OUT/$target"
  if [ -d "corpus/$target" ] && [ -n "$(ls -A "corpus/$target")" ]; then
    (cd "corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
  [ -f "fuzz/$target.options" ] && cp "fuzz/$target.options" "$OUT/"
done
cp fuzz/websocket.dict "$OUT/"
