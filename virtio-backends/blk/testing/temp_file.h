// A real file under the test's temporary directory ($TEST_TMPDIR under
// Bazel), removed when the object goes.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace pvppc::backends::blk::testing {

class TempFile {
 public:
  explicit TempFile(const std::vector<char>& contents) {
    const char* dir = std::getenv("TEST_TMPDIR");
    std::string pattern = std::string(dir != nullptr ? dir : "/tmp") + "/disk-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) std::abort();
    path_ = pattern;
    if (!contents.empty() &&
        ::write(fd, contents.data(), contents.size()) != static_cast<ssize_t>(contents.size())) {
      std::abort();
    }
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  std::vector<char> contents() const {
    std::ifstream in(path_, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::string path_;
};

// `sectors` 512-byte sectors, byte i of sector s holding (s * 7 + i) & 0xFF.
inline std::vector<char> PatternedSectors(size_t sectors) {
  std::vector<char> bytes(sectors * 512);
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(((i / 512) * 7 + i % 512) & 0xFF);
  }
  return bytes;
}

}  // namespace pvppc::backends::blk::testing
