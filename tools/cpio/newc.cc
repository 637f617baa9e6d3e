#include "tools/cpio/newc.h"

#include <sys/stat.h>

#include <charconv>
#include <cstdio>
#include <set>
#include <sstream>

namespace pvppc::cpio {
namespace {

constexpr std::string_view kMagic = "070701";
constexpr std::string_view kTrailer = "TRAILER!!!";
constexpr size_t kHeaderSize = 6 + 13 * 8;
constexpr uint32_t kMaxPermissions = 07777;

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) i++;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') i++;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

bool ParseNumber(std::string_view text, int base, uint32_t max, uint32_t* value) {
  if (text.empty()) return false;
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (ec != std::errc() || end != text.data() + text.size() || v > max) return false;
  *value = v;
  return true;
}

// Absolute, no empty, "." or ".." components, no trailing slash, not "/".
bool ValidPath(std::string_view path) {
  if (path.size() < 2 || path[0] != '/' || path.back() == '/') return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

std::string_view Parent(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == 0 ? std::string_view("/") : path.substr(0, slash);
}

std::string LineError(int line, const std::string& what) {
  return "line " + std::to_string(line) + ": " + what;
}

bool ParseLine(std::string_view line_text, int line, Entry* entry, std::string* error) {
  std::vector<std::string_view> f = SplitFields(line_text);
  std::string_view kind = f[0];
  auto expect = [&](size_t n, const char* usage) {
    if (f.size() == n) return true;
    *error = LineError(line, std::string("expected `") + usage + "`");
    return false;
  };
  auto permissions = [&](std::string_view text) {
    if (ParseNumber(text, 8, kMaxPermissions, &entry->permissions)) return true;
    *error = LineError(line, "bad mode `" + std::string(text) + "` (octal, at most 07777)");
    return false;
  };

  entry->line = line;
  if (kind == "dir") {
    if (!expect(3, "dir PATH MODE") || !permissions(f[2])) return false;
    entry->type = EntryType::kDirectory;
  } else if (kind == "file") {
    if (!expect(4, "file PATH MODE SOURCE") || !permissions(f[2])) return false;
    entry->type = EntryType::kFile;
    entry->source = std::string(f[3]);
  } else if (kind == "slink") {
    if (!expect(3, "slink PATH TARGET")) return false;
    entry->type = EntryType::kSymlink;
    entry->permissions = 0777;
    entry->target = std::string(f[2]);
  } else if (kind == "nod") {
    if (!expect(6, "nod PATH MODE c|b MAJOR MINOR") || !permissions(f[2])) return false;
    if (f[3] == "c") {
      entry->type = EntryType::kCharDevice;
    } else if (f[3] == "b") {
      entry->type = EntryType::kBlockDevice;
    } else {
      *error = LineError(line, "device type must be c or b, not `" + std::string(f[3]) + "`");
      return false;
    }
    // Linux's dev_t has 12 bits of major and 20 of minor.
    if (!ParseNumber(f[4], 10, 0xfff, &entry->major) || !ParseNumber(f[5], 10, 0xfffff, &entry->minor)) {
      *error = LineError(line, "bad device number " + std::string(f[4]) + "," + std::string(f[5]));
      return false;
    }
  } else {
    *error = LineError(line, "unknown entry type `" + std::string(kind) + "` (dir, file, slink, nod)");
    return false;
  }
  if (!ValidPath(f[1])) {
    *error = LineError(line, "bad path `" + std::string(f[1]) + "` (absolute, no . or .. or //, not /)");
    return false;
  }
  entry->path = std::string(f[1]);
  return true;
}

void AppendHex(std::string* out, uint32_t value) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08X", value);
  out->append(buf, 8);
}

void PadTo4(std::string* out) {
  while (out->size() % 4 != 0) out->push_back('\0');
}

}  // namespace

bool ParseManifest(std::string_view text, std::vector<Entry>* entries, std::string* error) {
  entries->clear();
  std::set<std::string, std::less<>> paths;
  std::set<std::string, std::less<>> directories = {"/"};
  int line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line_text = text.substr(pos, end - pos);
    pos = end + 1;
    line++;
    std::vector<std::string_view> fields = SplitFields(line_text);
    if (fields.empty() || fields[0][0] == '#') continue;

    Entry entry;
    if (!ParseLine(line_text, line, &entry, error)) return false;
    if (!paths.insert(entry.path).second) {
      *error = LineError(line, entry.path + " appears twice");
      return false;
    }
    std::string_view parent = Parent(entry.path);
    if (directories.find(parent) == directories.end()) {
      *error = LineError(line, "the parent of " + entry.path + " is not a directory declared on an earlier line");
      return false;
    }
    if (entry.type == EntryType::kDirectory) directories.insert(entry.path);
    entries->push_back(std::move(entry));
  }
  return true;
}

uint32_t ModeOf(const Entry& entry) {
  uint32_t type = 0;
  switch (entry.type) {
    case EntryType::kDirectory: type = S_IFDIR; break;
    case EntryType::kFile: type = S_IFREG; break;
    case EntryType::kSymlink: type = S_IFLNK; break;
    case EntryType::kCharDevice: type = S_IFCHR; break;
    case EntryType::kBlockDevice: type = S_IFBLK; break;
  }
  return type | entry.permissions;
}

bool NewcWriter::Add(const Entry& entry, std::string_view data, std::string* error) {
  if (data.size() > 0xffffffffu) {
    *error = entry.path + ": larger than the 4 GiB newc limit";
    return false;
  }
  bool device = entry.type == EntryType::kCharDevice || entry.type == EntryType::kBlockDevice;
  AppendMember(std::string_view(entry.path).substr(1), next_ino_++, ModeOf(entry),
               entry.type == EntryType::kDirectory ? 2 : 1, mtime_, device ? entry.major : 0, device ? entry.minor : 0,
               data);
  return true;
}

std::string NewcWriter::Finish() {
  // The trailer is all zero except nlink 1 and the name.
  AppendMember(kTrailer, /*ino=*/0, /*mode=*/0, /*nlink=*/1, /*mtime=*/0, 0, 0, {});
  return std::move(out_);
}

void NewcWriter::AppendMember(std::string_view name, uint32_t ino, uint32_t mode, uint32_t nlink, uint32_t mtime,
                              uint32_t rdev_major, uint32_t rdev_minor, std::string_view data) {
  out_.append(kMagic);
  for (uint32_t field : {ino, mode, /*uid=*/0u, /*gid=*/0u, nlink, mtime, static_cast<uint32_t>(data.size()),
                         /*devmajor=*/0u, /*devminor=*/0u, rdev_major, rdev_minor,
                         static_cast<uint32_t>(name.size() + 1), /*check=*/0u}) {
    AppendHex(&out_, field);
  }
  out_.append(name);
  out_.push_back('\0');
  PadTo4(&out_);
  out_.append(data);
  PadTo4(&out_);
}

bool ReadNewc(std::string_view archive, std::vector<Member>* members, std::string* error) {
  members->clear();
  size_t pos = 0;
  auto fail = [&](const std::string& what) {
    *error = "offset " + std::to_string(pos) + ": " + what;
    return false;
  };
  while (true) {
    if (pos % 4 != 0) return fail("member not 4-byte aligned");
    if (archive.size() - pos < kHeaderSize) return fail("truncated header (no trailer?)");
    if (archive.substr(pos, kMagic.size()) != kMagic) return fail("bad magic");
    uint32_t v[13];
    for (int i = 0; i < 13; i++) {
      std::string_view hex = archive.substr(pos + kMagic.size() + 8 * i, 8);
      if (!ParseNumber(hex, 16, 0xffffffffu, &v[i])) return fail("bad hex field " + std::string(hex));
    }
    uint32_t filesize = v[6], namesize = v[11];
    size_t name_pos = pos + kHeaderSize;
    if (namesize == 0 || archive.size() - name_pos < namesize) return fail("truncated name");
    if (archive[name_pos + namesize - 1] != '\0') return fail("name not NUL-terminated");
    std::string name(archive.substr(name_pos, namesize - 1));
    size_t data_pos = (name_pos + namesize + 3) & ~size_t{3};
    if (data_pos > archive.size() || archive.size() - data_pos < filesize) return fail("truncated data of " + name);
    if (name == kTrailer) return true;
    Member m;
    m.name = std::move(name);
    m.ino = v[0];
    m.mode = v[1];
    m.uid = v[2];
    m.gid = v[3];
    m.nlink = v[4];
    m.mtime = v[5];
    m.dev_major = v[7];
    m.dev_minor = v[8];
    m.rdev_major = v[9];
    m.rdev_minor = v[10];
    m.data = std::string(archive.substr(data_pos, filesize));
    members->push_back(std::move(m));
    pos = (data_pos + filesize + 3) & ~size_t{3};
    if (pos > archive.size()) return fail("data padding runs past the end");
  }
}

std::string Describe(const Member& m) {
  char type = '?';
  switch (m.mode & S_IFMT) {
    case S_IFDIR: type = 'd'; break;
    case S_IFREG: type = '-'; break;
    case S_IFLNK: type = 'l'; break;
    case S_IFCHR: type = 'c'; break;
    case S_IFBLK: type = 'b'; break;
  }
  std::ostringstream s;
  char perms[8];
  std::snprintf(perms, sizeof perms, "%04o", m.mode & 07777);
  s << type << ' ' << perms << ' ' << m.uid << '/' << m.gid << ' ';
  if (type == 'c' || type == 'b') {
    s << m.rdev_major << ',' << m.rdev_minor;
  } else {
    s << m.data.size();
  }
  s << " /" << m.name;
  if (type == 'l') s << " -> " << m.data;
  return s.str();
}

}  // namespace pvppc::cpio
