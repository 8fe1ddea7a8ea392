# WSCONFORM_SANITIZE=ON builds every target with ASan + UBSan; UBSan findings abort,
# so a test that triggers undefined behaviour fails instead of printing and passing.
if(WSCONFORM_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzz builds: every project object gets libFuzzer's coverage instrumentation and the
# sanitizers, so the fuzzers see into impl/ and model/, not only their own source file;
# the standard library's own code gets no coverage (fuzz/stdlib_coverage_ignorelist.txt).
if(BUILD_FUZZERS)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fsanitize-coverage-ignorelist=${PROJECT_SOURCE_DIR}/fuzz/stdlib_coverage_ignorelist.txt)
  add_link_options(-fsanitize=address,undefined)
endif()
