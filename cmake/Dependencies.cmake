# Every dependency comes from a Debian package, found here and nowhere else.
# Nothing is downloaded at configure time and nothing is vendored.
#   nlohmann-json3-dev  -> nlohmann_json (CLI and reports)
#   googletest          -> GTest          (tests)
#   librapidcheck-dev   -> rapidcheck     (property tests, `wsconform check`)
#   libz3-dev           -> z3 via pkg-config (boundary enumeration)
#   libbenchmark-dev    -> benchmark      (bench/)
#   libssl-dev          -> OpenSSL::Crypto (SHA-1 for the opening handshake), OpenSSL::SSL (wss://)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(Z3 REQUIRED IMPORTED_TARGET z3)

find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto SSL)
find_package(ZLIB REQUIRED)           # permessage-deflate in impl/ (zlib1g-dev)

# `wsconform check` (check/) is built where RapidCheck is installed; the tests need it.
find_package(rapidcheck QUIET)
if(BUILD_TESTING)
  find_package(GTest REQUIRED)
  find_package(rapidcheck REQUIRED)
  # The peer panel (net/tests/panel): each C/C++ peer builds where its Debian package is installed.
  #   libboost-dev -> Boost.Beast (found below)     libwslay-dev -> wslay (found below, with bench/'s)
  pkg_check_modules(LWS QUIET IMPORTED_TARGET libwebsockets)  # libwebsockets-dev -> libwebsockets
endif()

find_package(benchmark QUIET)  # bench/ with its baselines:
find_package(simdjson QUIET)   #   libsimdjson-dev
find_package(wslay QUIET)      #   libwslay-dev (also adapter:wslay)
find_package(Boost 1.70 QUIET) # libboost-dev: adapter:beast and the panel's Beast peer

if(BUILD_FUZZERS AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR
    "BUILD_FUZZERS=ON needs clang (libFuzzer ships with clang): "
    "configure with -DCMAKE_CXX_COMPILER=clang++, or leave BUILD_FUZZERS off to build "
    "the fuzz targets as corpus replayers with ${CMAKE_CXX_COMPILER_ID}.")
endif()
