// make_cpio: writes a reproducible newc cpio archive (a Linux initramfs)
// from a manifest, or lists an archive. See newc.h for the manifest.
//
//   make_cpio --manifest FILE --output FILE [--mtime SECONDS]
//   make_cpio --list FILE
//
// Needs no privileges: device nodes are just headers. Every member belongs to
// 0:0 and carries the same mtime (default 0).
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cpio/newc.h"

namespace {

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return false;
  *contents = s.str();
  return true;
}

int Usage() {
  std::cerr << "usage: make_cpio --manifest FILE --output FILE [--mtime SECONDS]\n"
               "       make_cpio --list FILE\n";
  return 2;
}

int List(const std::string& path) {
  std::string archive;
  if (!ReadFile(path, &archive)) {
    std::cerr << "make_cpio: cannot read " << path << "\n";
    return 1;
  }
  std::vector<pvppc::cpio::Member> members;
  std::string error;
  if (!pvppc::cpio::ReadNewc(archive, &members, &error)) {
    std::cerr << "make_cpio: " << path << ": " << error << "\n";
    return 1;
  }
  for (const auto& m : members) std::cout << pvppc::cpio::Describe(m) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string manifest_path, output_path, list_path;
  uint32_t mtime = 0;
  for (int i = 1; i < argc; i++) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) return Usage();
    std::string value = argv[++i];
    if (arg == "--manifest") {
      manifest_path = value;
    } else if (arg == "--output") {
      output_path = value;
    } else if (arg == "--list") {
      list_path = value;
    } else if (arg == "--mtime") {
      try {
        size_t used = 0;
        unsigned long v = std::stoul(value, &used, 10);
        if (used != value.size() || v > 0xffffffffUL) return Usage();
        mtime = static_cast<uint32_t>(v);
      } catch (...) {
        return Usage();
      }
    } else {
      return Usage();
    }
  }
  if (!list_path.empty()) return manifest_path.empty() && output_path.empty() ? List(list_path) : Usage();
  if (manifest_path.empty() || output_path.empty()) return Usage();

  std::string manifest;
  if (!ReadFile(manifest_path, &manifest)) {
    std::cerr << "make_cpio: cannot read manifest " << manifest_path << "\n";
    return 1;
  }
  std::vector<pvppc::cpio::Entry> entries;
  std::string error;
  if (!pvppc::cpio::ParseManifest(manifest, &entries, &error)) {
    std::cerr << "make_cpio: " << manifest_path << ": " << error << "\n";
    return 1;
  }

  pvppc::cpio::NewcWriter writer(mtime);
  for (const auto& entry : entries) {
    std::string data;
    if (entry.type == pvppc::cpio::EntryType::kFile) {
      if (!ReadFile(entry.source, &data)) {
        std::cerr << "make_cpio: " << manifest_path << ": line " << entry.line << ": cannot read " << entry.source
                  << "\n";
        return 1;
      }
    } else if (entry.type == pvppc::cpio::EntryType::kSymlink) {
      data = entry.target;
    }
    if (!writer.Add(entry, data, &error)) {
      std::cerr << "make_cpio: " << error << "\n";
      return 1;
    }
  }
  std::string archive = writer.Finish();

  std::ofstream out(output_path, std::ios::binary | std::ios::trunc);
  out.write(archive.data(), static_cast<std::streamsize>(archive.size()));
  out.close();
  if (!out) {
    std::cerr << "make_cpio: cannot write " << output_path << "\n";
    return 1;
  }
  return 0;
}
