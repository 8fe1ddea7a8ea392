// A vector of octets whose growth leaves the new octets uninitialized: the frame assembler and
// the inflater write every octet they add, so zero-filling them first would be a wasted pass
// over each message.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace wsconform::impl {

template <class T>
struct default_init_allocator : std::allocator<T> {
  using std::allocator<T>::allocator;
  template <class U>
  struct rebind {
    using other = default_init_allocator<U>;
  };
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialized: no zero fill for octets
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using byte_buffer = std::vector<std::uint8_t, default_init_allocator<std::uint8_t>>;

}  // namespace wsconform::impl
