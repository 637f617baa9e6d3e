// The `--disk file[,ro]` command-line option (repeatable: one virtio-blk
// device each). A path containing a comma cannot be given.
#pragma once

#include <string>
#include <string_view>

#include "hypervisor/common/result.h"

namespace pvppc::backends::blk {

struct DiskOption {
  std::string path;
  bool read_only = false;
};

// "disk.img" or "disk.img,ro"; anything else is an error that quotes the
// option.
[[nodiscard]] Result<DiskOption> ParseDiskOption(std::string_view text);

}  // namespace pvppc::backends::blk
