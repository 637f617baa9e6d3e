// The "newc" cpio format (SVR4 portable ASCII, magic 070701) that Linux
// unpacks as an initramfs, and the manifest make_cpio builds archives from.
//
// An archive is a sequence of members, each a 110-byte ASCII header (the
// magic, then 13 fields of 8 hex digits: ino, mode, uid, gid, nlink, mtime,
// filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check), the
// NUL-terminated name padded so that the data starts on a 4-byte boundary,
// and the data padded to 4 bytes. A member named TRAILER!!! ends it.
//
// Everything make_cpio writes belongs to 0:0, has one fixed mtime and
// inode numbers in manifest order, so the same manifest and files always give
// the same bytes, whoever runs the build (no root needed for device nodes).
//
// Manifest: one entry per line, fields separated by blanks, `#` starts a
// comment line. Paths are absolute inside the archive; a path's parent
// directory must be declared by an earlier `dir` line (the kernel does not
// create missing directories while unpacking).
//
//   dir   PATH MODE                   e.g.  dir /dev 0755
//   file  PATH MODE SOURCE                  file /bin/busybox 0755 out/busybox
//   slink PATH TARGET                       slink /bin/sh busybox
//   nod   PATH MODE c|b MAJOR MINOR         nod /dev/console 0600 c 5 1
//
// MODE is octal permission bits (at most 07777); SOURCE is a host file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pvppc::cpio {

enum class EntryType { kDirectory, kFile, kSymlink, kCharDevice, kBlockDevice };

struct Entry {
  EntryType type = EntryType::kFile;
  std::string path;          // absolute, normalised: "/dev/console"
  uint32_t permissions = 0;  // 07777 bits
  std::string source;        // kFile: the host file with the contents
  std::string target;        // kSymlink
  uint32_t major = 0;        // devices
  uint32_t minor = 0;
  int line = 0;  // in the manifest, for messages
};

// Parses a manifest and checks it as a whole (unique paths, parents first).
// On failure returns false and sets `error` to "line N: what".
[[nodiscard]] bool ParseManifest(std::string_view text, std::vector<Entry>* entries, std::string* error);

// The mode field of a header: file type bits | permissions.
[[nodiscard]] uint32_t ModeOf(const Entry& entry);

// Serialises members; call Add in order, then Finish.
class NewcWriter {
 public:
  explicit NewcWriter(uint32_t mtime) : mtime_(mtime) {}

  // `data` is the file contents or the symlink target; empty otherwise.
  // Returns false (and sets `error`) when a size does not fit the format.
  [[nodiscard]] bool Add(const Entry& entry, std::string_view data, std::string* error);

  // Appends the trailer and returns the archive.
  std::string Finish();

 private:
  void AppendMember(std::string_view name, uint32_t ino, uint32_t mode, uint32_t nlink, uint32_t mtime,
                    uint32_t rdev_major, uint32_t rdev_minor, std::string_view data);

  uint32_t mtime_;
  uint32_t next_ino_ = 1;
  std::string out_;
};

// One member as read back from an archive.
struct Member {
  std::string name;  // as stored: no leading slash
  uint32_t ino = 0, mode = 0, uid = 0, gid = 0, nlink = 0, mtime = 0;
  uint32_t dev_major = 0, dev_minor = 0, rdev_major = 0, rdev_minor = 0;
  std::string data;
};

// Reads a whole archive (up to and excluding the trailer). Strict: bad magic,
// bad hex, truncation, misalignment or a missing trailer are errors.
[[nodiscard]] bool ReadNewc(std::string_view archive, std::vector<Member>* members, std::string* error);

// `ls -l`-like description of a member, for make_cpio --list.
std::string Describe(const Member& member);

}  // namespace pvppc::cpio
