// Expected-style results for host code: a value or an error message that
// says what went wrong in terms the user can act on.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace pvppc {

struct Error {
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Status for operations that return nothing on success.
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> MakeError(std::string message) {
  return tl::unexpected<Error>(Error{std::move(message)});
}

}  // namespace pvppc
