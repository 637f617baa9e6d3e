// docs/abi.md and pvppc_abi.h must not drift apart. This test reads the
// document's Markdown tables and checks every constant, hypercall token and
// shared-page offset they state against the header, as the compiler sees it
// (abi_names.inc, generated from the header, lists every macro and field by
// name; the values come from compiling the header). The rules are the
// document's Appendix B:
//   - a table row `| `PVPPC_NAME` | value | ...` states a macro's value
//     (a decimal or 0x number, or a "string");
//   - a row `| `PVPPC_HCALL_TOKEN(PVPPC_VENDOR_x, PVPPC_HC_y)` | 0x... |`
//     states a token; every call has one under its own numbered heading;
//   - prose `` `PVPPC_NAME` = value `` states a value too;
//   - the table headed `| Offset | Hex | Size | Field | 32-bit value at |`
//     is the shared page, field by field;
//   - every numeric and string macro is stated somewhere, every field is in
//     the table, and every PVPPC_ name the document uses exists.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pv-abi/pvppc_abi.h"

namespace {

constexpr char kDocument[] = "docs/abi.md";

// ---- The header, by name --------------------------------------------------

struct Header {
  std::map<std::string, uint64_t> numbers;
  std::map<std::string, std::string> strings;
  std::set<std::string> functions;
  std::map<std::string, std::string> call_vendor;  // PVPPC_HC_* -> PVPPC_VENDOR_*
  struct Field {
    std::string name;
    uint64_t offset;
    uint64_t size;
  };
  std::vector<Field> fields;

  bool Knows(const std::string& name) const {
    return numbers.count(name) || strings.count(name) || functions.count(name);
  }
};

const Header& TheHeader() {
  static const Header header = [] {
    Header h;
#define PVPPC_DOC_NUMBER(name) h.numbers[#name] = static_cast<uint64_t>(name);
#define PVPPC_DOC_STRING(name) h.strings[#name] = name;
#define PVPPC_DOC_FUNCTION(name) h.functions.insert(#name);
#define PVPPC_DOC_CALL(vendor, name) h.call_vendor[#name] = #vendor;
#define PVPPC_DOC_FIELD(name)                                              \
  h.fields.push_back({#name, offsetof(struct pvppc_shared_page, name), \
                      sizeof(pvppc_shared_page::name)});
#include "pv-abi/abi_names.inc"
#undef PVPPC_DOC_NUMBER
#undef PVPPC_DOC_STRING
#undef PVPPC_DOC_FUNCTION
#undef PVPPC_DOC_CALL
#undef PVPPC_DOC_FIELD
    return h;
  }();
  return header;
}

// ---- The document ------------------------------------------------------------

struct Line {
  int number;          // 1-based, for messages
  std::string text;
  bool in_code;        // inside a ``` fence
  std::string heading;  // the nearest heading above (without the #s)
};

std::vector<Line> ReadDocument() {
  std::ifstream in(kDocument);
  EXPECT_TRUE(in.good()) << "cannot open " << kDocument;
  std::vector<Line> lines;
  std::string text;
  std::string heading;
  bool in_code = false;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.rfind("```", 0) == 0) {
      in_code = !in_code;
      lines.push_back({number, text, true, heading});
      continue;
    }
    if (!in_code && text.rfind("#", 0) == 0) {
      const size_t start = text.find_first_not_of('#');
      heading = start == std::string::npos ? "" : text.substr(text.find_first_not_of(" ", start));
    }
    lines.push_back({number, text, in_code, heading});
  }
  return lines;
}

const std::vector<Line>& TheDocument() {
  static const std::vector<Line> lines = ReadDocument();
  return lines;
}

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const size_t end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

// The cells of a table row; a | inside `code` does not split.
std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  bool in_code = false;
  for (size_t i = 1; i < row.size(); ++i) {  // row[0] is the leading |
    const char c = row[i];
    if (c == '`') in_code = !in_code;
    if (c == '|' && !in_code) {
      cells.push_back(Trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  if (!Trim(cell).empty()) cells.push_back(Trim(cell));
  return cells;
}

bool IsTableRow(const Line& line) { return !line.in_code && line.text.rfind("|", 0) == 0; }

std::string Unquote(std::string s, char quote) {
  if (s.size() >= 2 && s.front() == quote && s.back() == quote) return s.substr(1, s.size() - 2);
  return s;
}

std::optional<uint64_t> ParseNumber(const std::string& text) {
  static const std::regex number(R"(^(0x[0-9a-fA-F]+|-?[0-9]+)$)");
  if (!std::regex_match(text, number)) return std::nullopt;
  if (text.rfind("0x", 0) == 0) return std::stoull(text.substr(2), nullptr, 16);
  if (text[0] == '-') return static_cast<uint64_t>(std::stoll(text));
  return std::stoull(text);
}

std::string Where(const Line& line) {
  return std::string(kDocument) + ":" + std::to_string(line.number) + ": ";
}

// ---- Constant rows -------------------------------------------------------------

TEST(AbiDocTest, ConstantRowsMatchTheHeader) {
  const Header& header = TheHeader();
  static const std::regex macro_cell(R"(^`(PVPPC_[A-Z0-9_]+)`$)");
  int checked = 0;
  for (const Line& line : TheDocument()) {
    if (!IsTableRow(line)) continue;
    const std::vector<std::string> cells = Cells(line.text);
    std::smatch m;
    if (cells.size() < 2 || !std::regex_match(cells[0], m, macro_cell)) continue;
    const std::string name = m[1];
    const std::string value = Unquote(cells[1], '`');
    ++checked;
    if (header.numbers.count(name)) {
      const std::optional<uint64_t> stated = ParseNumber(value);
      ASSERT_TRUE(stated.has_value()) << Where(line) << name << ": \"" << cells[1]
                                      << "\" is not a number (decimal or 0x...)";
      EXPECT_EQ(*stated, header.numbers.at(name))
          << Where(line) << name << " is " << header.numbers.at(name) << " in pvppc_abi.h";
    } else if (header.strings.count(name)) {
      ASSERT_TRUE(value.size() >= 2 && value.front() == '"' && value.back() == '"')
          << Where(line) << name << ": \"" << cells[1] << "\" is not a quoted string";
      EXPECT_EQ(Unquote(value, '"'), header.strings.at(name))
          << Where(line) << name << " is \"" << header.strings.at(name) << "\" in pvppc_abi.h";
    } else {
      ADD_FAILURE() << Where(line) << name << " is not a numeric or string macro of pvppc_abi.h";
    }
  }
  EXPECT_GT(checked, 50) << "the document's constant tables were not found";
}

// ---- Token rows ------------------------------------------------------------------

TEST(AbiDocTest, TokenRowsMatchTheHeader) {
  const Header& header = TheHeader();
  static const std::regex token_cell(
      R"(^`PVPPC_HCALL_TOKEN\((PVPPC_VENDOR_[A-Z0-9_]+), *(PVPPC_HC_[A-Z0-9_]+)\)`$)");
  static const std::regex numbered_heading(R"(^[0-9]+(\.[0-9]+)+ +([A-Z0-9_]+)$)");
  std::set<std::string> under_own_heading;
  std::set<std::string> listed;
  for (const Line& line : TheDocument()) {
    if (!IsTableRow(line)) continue;
    const std::vector<std::string> cells = Cells(line.text);
    std::smatch m;
    if (cells.empty() || !std::regex_match(cells[0], m, token_cell)) continue;
    const std::string vendor = m[1];
    const std::string call = m[2];
    listed.insert(call);
    ASSERT_TRUE(header.numbers.count(vendor)) << Where(line) << vendor << " is not in pvppc_abi.h";
    ASSERT_TRUE(header.numbers.count(call)) << Where(line) << call << " is not in pvppc_abi.h";
    ASSERT_TRUE(header.call_vendor.count(call))
        << Where(line) << call << " has no vendor in pvppc_abi.h";
    EXPECT_EQ(vendor, header.call_vendor.at(call))
        << Where(line) << call << " is a call of " << header.call_vendor.at(call)
        << " in pvppc_abi.h";
    ASSERT_GE(cells.size(), 2u) << Where(line) << "token row without a value";
    const std::optional<uint64_t> stated = ParseNumber(cells[1]);
    ASSERT_TRUE(stated.has_value()) << Where(line) << "\"" << cells[1] << "\" is not a number";
    const uint64_t token = PVPPC_HCALL_TOKEN(header.numbers.at(vendor), header.numbers.at(call));
    EXPECT_EQ(*stated, token) << Where(line) << "the token of " << call << " is 0x" << std::hex
                              << token;
    std::smatch h;
    const std::string short_name = call.substr(std::string("PVPPC_HC_").size());
    if (std::regex_match(line.heading, h, numbered_heading) && h[2] == short_name) {
      under_own_heading.insert(call);
    }
  }
  for (const auto& [call, vendor] : header.call_vendor) {
    EXPECT_TRUE(listed.count(call)) << call << " has no PVPPC_HCALL_TOKEN row in " << kDocument;
    EXPECT_TRUE(under_own_heading.count(call))
        << call << " has no numbered heading \"N.N.N " << call.substr(9)
        << "\" with its PVPPC_HCALL_TOKEN row in " << kDocument;
  }
}

// ---- Prose ----------------------------------------------------------------------------

TEST(AbiDocTest, StatedValuesInProseMatchTheHeader) {
  const Header& header = TheHeader();
  static const std::regex stated(R"(`(PVPPC_[A-Z0-9_]+)` = (0x[0-9a-fA-F]+|[0-9]+)\b)");
  int checked = 0;
  for (const Line& line : TheDocument()) {
    for (std::sregex_iterator it(line.text.begin(), line.text.end(), stated), end; it != end;
         ++it) {
      const std::string name = (*it)[1];
      ++checked;
      ASSERT_TRUE(header.numbers.count(name))
          << Where(line) << name << " is not a numeric macro of pvppc_abi.h";
      EXPECT_EQ(*ParseNumber((*it)[2]), header.numbers.at(name))
          << Where(line) << name << " is " << header.numbers.at(name) << " in pvppc_abi.h";
    }
  }
  EXPECT_GT(checked, 0);
}

// ---- The shared page ---------------------------------------------------------------

TEST(AbiDocTest, SharedPageTableMatchesTheStruct) {
  const Header& header = TheHeader();
  const std::vector<std::string> heading = {"Offset", "Hex", "Size", "Field", "32-bit value at"};
  static const std::regex field_cell(R"(^`([a-z][a-z0-9_]*)`$)");
  int tables = 0;
  std::vector<std::pair<const Line*, std::vector<std::string>>> rows;
  const std::vector<Line>& lines = TheDocument();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsTableRow(lines[i])) continue;
    const std::vector<std::string> cells = Cells(lines[i].text);
    if (cells.size() < heading.size() ||
        !std::equal(heading.begin(), heading.end(), cells.begin())) {
      continue;
    }
    ++tables;
    for (size_t j = i + 2; j < lines.size() && IsTableRow(lines[j]); ++j) {  // i + 1: | --- |
      rows.emplace_back(&lines[j], Cells(lines[j].text));
    }
  }
  ASSERT_EQ(tables, 1) << "want exactly one shared-page table headed | Offset | Hex | Size | "
                          "Field | 32-bit value at |";

  size_t next_offset = 0;
  size_t index = 0;
  for (const auto& [line, cells] : rows) {
    ASSERT_GE(cells.size(), 5u) << Where(*line) << "short row";
    std::smatch m;
    ASSERT_TRUE(std::regex_match(cells[3], m, field_cell))
        << Where(*line) << "\"" << cells[3] << "\" is not a `field`";
    const std::string name = m[1];
    ASSERT_LT(index, header.fields.size())
        << Where(*line) << name << ": struct pvppc_shared_page has no more fields";
    const Header::Field& field = header.fields[index++];
    ASSERT_EQ(name, field.name) << Where(*line) << "the struct's next field is " << field.name;
    const std::optional<uint64_t> offset = ParseNumber(cells[0]);
    const std::optional<uint64_t> hex = ParseNumber(cells[1]);
    const std::optional<uint64_t> size = ParseNumber(cells[2]);
    ASSERT_TRUE(offset && hex && size && cells[1].rfind("0x", 0) == 0)
        << Where(*line) << "offset, hex offset and size must be numbers";
    EXPECT_EQ(*offset, field.offset) << Where(*line) << name << "'s offset";
    EXPECT_EQ(*hex, field.offset) << Where(*line) << name << "'s hex offset";
    EXPECT_EQ(*size, field.size) << Where(*line) << name << "'s size";
    EXPECT_EQ(field.offset, next_offset) << Where(*line) << name << " leaves a gap or overlaps";
    next_offset = field.offset + field.size;
    if (cells[4] != "\u2014") {  // an em dash: no 32-bit value to point at
      const std::optional<uint64_t> at = ParseNumber(cells[4]);
      ASSERT_TRUE(at.has_value()) << Where(*line) << "\"" << cells[4] << "\" is not a number or —";
      ASSERT_TRUE(field.size == 4 || field.size == 8)
          << Where(*line) << name << " has no single 32-bit value";
      const int64_t expected = static_cast<int64_t>(field.offset) -
                               static_cast<int64_t>(PVPPC_SHARED_PAGE_SIZE) +
                               (field.size == 8 ? 4 : 0);
      EXPECT_EQ(static_cast<int64_t>(*at), expected)
          << Where(*line) << name << "'s 32-bit value is at " << expected << "(0)";
    }
  }
  EXPECT_EQ(index, header.fields.size())
      << "the table stops before " << header.fields[index < header.fields.size() ? index : 0].name;
  EXPECT_EQ(next_offset, uint64_t{PVPPC_SHARED_PAGE_SIZE}) << "the table does not cover the page";
}

// ---- Coverage both ways ------------------------------------------------------------

TEST(AbiDocTest, EveryHeaderConstantIsDocumented) {
  const Header& header = TheHeader();
  static const std::regex macro_cell(R"(^`(PVPPC_[A-Z0-9_]+)`$)");
  std::set<std::string> documented;
  for (const Line& line : TheDocument()) {
    if (!IsTableRow(line)) continue;
    const std::vector<std::string> cells = Cells(line.text);
    std::smatch m;
    if (cells.size() >= 2 && std::regex_match(cells[0], m, macro_cell)) documented.insert(m[1]);
  }
  for (const auto& [name, value] : header.numbers) {
    EXPECT_TRUE(documented.count(name))
        << name << " (" << value << ") has no | `" << name << "` | value | row in " << kDocument;
  }
  for (const auto& [name, value] : header.strings) {
    EXPECT_TRUE(documented.count(name))
        << name << " (\"" << value << "\") has no | `" << name << "` | value | row in "
        << kDocument;
  }
}

TEST(AbiDocTest, EveryNameTheDocumentUsesExists) {
  const Header& header = TheHeader();
  // A name, or a prefix written as PVPPC_FEATURE_* or PVPPC_… .
  static const std::regex name(R"(PVPPC_[A-Z0-9_]*(\*|\xE2\x80\xA6)?)");
  int names = 0;
  for (const Line& line : TheDocument()) {
    for (std::sregex_iterator it(line.text.begin(), line.text.end(), name), end; it != end;
         ++it) {
      ++names;
      std::string found = (*it)[0];
      if ((*it)[1].matched) {
        const std::string prefix = found.substr(0, found.size() - (*it)[1].length());
        bool any = false;
        for (const auto& [known, v] : header.numbers) any = any || known.rfind(prefix, 0) == 0;
        for (const auto& [known, v] : header.strings) any = any || known.rfind(prefix, 0) == 0;
        EXPECT_TRUE(any) << Where(line) << "no macro of pvppc_abi.h starts with " << prefix;
      } else {
        EXPECT_TRUE(header.Knows(found)) << Where(line) << found << " is not in pvppc_abi.h";
      }
    }
  }
  EXPECT_GT(names, 100);
}

}  // namespace
