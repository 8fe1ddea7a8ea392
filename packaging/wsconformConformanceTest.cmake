# wsconform_add_conformance_test(): one ctest that starts the server under test, runs the
# catalogue (or a selection) against it over TCP and fails on any FAILED verdict.
#
#   wsconform_add_conformance_test(
#     NAME echo_conformance                         # the test's name (required)
#     START "$<TARGET_FILE:my_server> --port {port}" # the server; {port} is a free port (required)
#     [CASES 1.* 2.* 5.*]                           # Autobahn patterns (default: the whole catalogue)
#     [EXCLUDE_CASES 9.*]
#     [TARGET ws://127.0.0.1:{port}/chat]           # default ws://127.0.0.1:{port}/
#     [JOBS 1]                                      # connections in flight (default 1)
#     [FAIL_ON FAILED NON-STRICT]                   # verdicts that fail the test (default FAILED)
#     [START_TIMEOUT 10]                            # seconds until the server must accept
#     [ARGS --deflate-quick ...])                   # anything else `wsconform run` takes
#
# The reports land in <build folder>/<NAME>-reports (index.html, index.json, junit.xml).
function(wsconform_add_conformance_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;START;TARGET;JOBS;START_TIMEOUT"
                        "CASES;EXCLUDE_CASES;FAIL_ON;ARGS")
  if(NOT arg_NAME OR NOT arg_START)
    message(FATAL_ERROR "wsconform_add_conformance_test: NAME and START are required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wsconform_add_conformance_test: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(command $<TARGET_FILE:wsconform::wsconform> run --start "${arg_START}" --quiet
              --out "${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME}-reports")
  if(arg_TARGET)
    list(APPEND command --target "${arg_TARGET}")
  endif()
  if(NOT arg_JOBS)
    set(arg_JOBS 1)
  endif()
  list(APPEND command --jobs ${arg_JOBS})
  if(arg_START_TIMEOUT)
    list(APPEND command --start-timeout ${arg_START_TIMEOUT})
  endif()
  if(arg_CASES)
    list(JOIN arg_CASES "," cases)
    list(APPEND command --cases "${cases}")
  endif()
  if(arg_EXCLUDE_CASES)
    list(JOIN arg_EXCLUDE_CASES "," excluded)
    list(APPEND command --exclude-cases "${excluded}")
  endif()
  if(arg_FAIL_ON)
    list(JOIN arg_FAIL_ON "," fail_on)
    list(APPEND command --fail-on "${fail_on}")
  endif()
  add_test(NAME ${arg_NAME} COMMAND ${command} ${arg_ARGS})
endfunction()
