#include "virtio-backends/blk/disk_option.h"

namespace pvppc::backends::blk {

Result<DiskOption> ParseDiskOption(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return MakeError("--disk " + std::string(text) + ": " + std::string(why) +
                     " (expected FILE or FILE,ro)");
  };
  DiskOption option;
  const size_t comma = text.find(',');
  option.path = std::string(text.substr(0, comma));
  if (option.path.empty()) return bad("no image file");
  if (comma == std::string_view::npos) return option;
  const std::string_view flag = text.substr(comma + 1);
  if (flag != "ro") return bad("unknown flag '" + std::string(flag) + "'");
  option.read_only = true;
  return option;
}

}  // namespace pvppc::backends::blk
