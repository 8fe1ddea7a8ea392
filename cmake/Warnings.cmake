# Project-wide warning set, applied per target with wsconform_warnings(target).
function(wsconform_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                           -Wconversion -Wsign-conversion -Wnon-virtual-dtor)
    if(WSCONFORM_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# Tests write literal lists ({1000, 1001, ...}) into narrower types on purpose; the
# conversion warnings that guard production code are noise there.
function(wsconform_test_warnings target)
  wsconform_warnings(${target})
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wno-conversion -Wno-sign-conversion)
  endif()
endfunction()
