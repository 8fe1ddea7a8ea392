# WSCONFORM_SANITIZE=ON builds every target with ASan + UBSan; UBSan findings abort,
# so a test that triggers undefined behaviour fails instead of printing and passing.
if(WSCONFORM_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(-fsanitize=address,undefined)
endif()
