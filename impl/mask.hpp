// §5.3 masking: octet i of the payload is XORed with key[(offset + i) % 4]. The same
// operation masks and unmasks. Fast kernels (SSE2 / AVX2 on x86-64, chosen at run time,
// 64-bit words elsewhere) beside the scalar reference they are tested against.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace wsconform::impl {

using mask_key = std::array<std::uint8_t, 4>;

// In place. `offset` is the position of data[0] within the frame's payload.
void unmask(std::uint8_t* data, std::size_t n, const mask_key& key, std::uint64_t offset = 0);

// dst[i] = src[i] ^ key[(offset + i) % 4]: copy and unmask in one pass.
void unmask_copy(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const mask_key& key,
                 std::uint64_t offset = 0);

// The reference: one octet at a time, exactly as §5.3 states it.
void unmask_scalar(std::uint8_t* data, std::size_t n, const mask_key& key, std::uint64_t offset = 0);

// Which kernel unmask() uses on this machine: "avx2", "sse2" or "word64".
const char* unmask_kernel_name();

}  // namespace wsconform::impl
