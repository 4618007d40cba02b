#include "stats/domain/import.h"

#include <sodium.h>

#include <algorithm>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "atlas/core/status.h"
#include "atlas/core/utf8.h"

namespace atlas::stats {
namespace {

constexpr core::Text kTooBig = {"is larger than 64 MiB: split it by period or area",
                                "dépasse 64 Mio : découpez-le par période ou par zone",
                                "يتجاوز 64 ميغابايت: قسّمه حسب الفترة أو المنطقة"};
constexpr core::Text kNotUtf8 = {"is not UTF-8 text: save the file as CSV UTF-8",
                                 "n'est pas du texte UTF-8 : enregistrez le fichier en CSV UTF-8",
                                 "ليس نصًا بترميز UTF-8: احفظ الملف بصيغة CSV UTF-8"};
constexpr core::Text kNulByte = {"contains a NUL byte: it is not a text file",
                                 "contient un octet NUL : ce n'est pas un fichier texte",
                                 "يحتوي على بايت NUL: ليس ملفًا نصيًا"};
constexpr core::Text kEmpty = {"has no observation", "ne contient aucune observation",
                               "لا يحتوي على أي مشاهدة"};
constexpr core::Text kMissingColumn = {"column {0} is missing", "la colonne {0} manque",
                                       "العمود {0} مفقود"};
constexpr core::Text kUnknownColumn = {
    "column {0} is not one of this dataset's ({1})",
    "la colonne {0} n'est pas une colonne de ce jeu de données ({1})",
    "العمود {0} ليس من أعمدة مجموعة البيانات هذه ({1})"};
constexpr core::Text kFieldCount = {"has {0} fields; the header has {1}",
                                    "a {0} champs ; l'en-tête en a {1}",
                                    "يحتوي على {0} حقول؛ والترويسة على {1}"};
constexpr core::Text kBadQuote = {"has an unterminated quoted field",
                                  "contient un champ entre guillemets non fermé",
                                  "يحتوي على حقل بين علامتي تنصيص غير مغلق"};
constexpr core::Text kUnknownCode = {"{0} is not a code of {1}", "{0} n'est pas un code de {1}",
                                     "{0} ليس رمزًا من رموز {1}"};
constexpr core::Text kBadYear = {"{0} is not a year (YYYY, 1900-2100)",
                                 "{0} n'est pas une année (AAAA, 1900-2100)",
                                 "{0} ليس سنة (YYYY، 1900-2100)"};
constexpr core::Text kBadValue = {"{0} is not a whole number of zero or more",
                                  "{0} n'est pas un nombre entier positif ou nul",
                                  "{0} ليس عددًا صحيحًا موجبًا أو صفرًا"};
constexpr core::Text kNoValue = {"is empty: give a value, or OBS_STATUS M for a missing one",
                                 "est vide : donnez une valeur, ou OBS_STATUS M si elle manque",
                                 "فارغ: أدخل قيمة، أو OBS_STATUS M إذا كانت مفقودة"};
constexpr core::Text kMissingWithValue = {"is M (missing) but the row has a value",
                                          "vaut M (manquante) mais la ligne a une valeur",
                                          "قيمته M (مفقودة) لكن السطر يحتوي على قيمة"};
constexpr core::Text kBadStatus = {"{0} is not A, E, P or M", "{0} n'est pas A, E, P ou M",
                                   "{0} ليس A أو E أو P أو M"};
constexpr core::Text kDuplicate = {"has the same key as line {0}", "a la même clé que la ligne {0}",
                                   "له نفس المفتاح الذي للسطر {0}"};
constexpr core::Text kBadFlow = {"{0} is not this dataset's dataflow ({1})",
                                 "{0} n'est pas le flux de ce jeu de données ({1})",
                                 "{0} ليس تدفق بيانات مجموعة البيانات هذه ({1})"};
constexpr core::Text kMore = {"and {0} more errors", "et {0} autres erreurs", "و{0} أخطاء أخرى"};

// RFC 4180 records: fields, quoted with "" escapes; CRLF or LF.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}
  // False at the end; *ok false on an unterminated quote.
  bool Next(std::vector<std::string>* fields, bool* ok) {
    fields->clear();
    *ok = true;
    if (pos_ >= text_.size()) return false;
    record_line_ = ++line_;
    std::string field;
    bool quoted = false;
    for (;;) {
      if (pos_ >= text_.size()) {
        if (quoted) *ok = false;
        fields->push_back(std::move(field));
        return true;
      }
      const char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      } else if (c == '"' && field.empty()) {
        quoted = true;
      } else if (c == ',') {
        fields->push_back(std::move(field));
        field.clear();
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        fields->push_back(std::move(field));
        return true;
      } else {
        field += c;
      }
    }
  }
  // The line the last record started on.
  int line() const { return record_line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 0;
  int record_line_ = 0;
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return absl::BytesToHexString(out);
}

absl::StatusOr<std::vector<Observation>> ParseImport(
    const Dataset& dataset, ImportFormat format, std::string_view file,
    const std::function<bool(const std::string& codelist, const std::string& code)>& known) {
  if (file.size() > kMaxImportBytes) return core::InvalidFields({core::Violation("data", kTooBig)});
  if (!core::IsUtf8(file)) return core::InvalidFields({core::Violation("data", kNotUtf8)});
  if (file.find('\0') != std::string_view::npos) {  // valid UTF-8, but no text holds it
    return core::InvalidFields({core::Violation("data", kNulByte)});
  }
  if (file.substr(0, 3) == "\xEF\xBB\xBF") file.remove_prefix(3);  // a spreadsheet's BOM
  std::vector<core::FieldViolation> bad;
  size_t more = 0;
  auto report = [&](core::FieldViolation v) {
    if (bad.size() < kMaxReported) {
      bad.push_back(std::move(v));
    } else {
      ++more;
    }
  };
  CsvReader csv(file);
  std::vector<std::string> header;
  bool ok = true;
  if (!csv.Next(&header, &ok) || header.empty() || (header.size() == 1 && header[0].empty())) {
    return core::InvalidFields({core::Violation("data", kEmpty)});
  }
  // Column positions.
  std::vector<std::string> expected;
  if (format == ImportFormat::kSdmxCsv) expected.emplace_back("DATAFLOW");
  for (const Dimension& d : dataset.dimensions) expected.push_back(d.id);
  expected.emplace_back("OBS_VALUE");
  std::vector<std::string> allowed = expected;
  allowed.emplace_back("OBS_STATUS");
  allowed.emplace_back("COMMENT_OBS");
  allowed.emplace_back("OBS_CONF");  // as SDMX-CSV exports write it; ignored
  std::map<std::string, size_t> column;
  std::string allowed_list;
  for (const std::string& a : allowed) allowed_list += (allowed_list.empty() ? "" : ", ") + a;
  for (size_t i = 0; i < header.size(); ++i) {
    if (std::find(allowed.begin(), allowed.end(), header[i]) == allowed.end()) {
      report(core::Violation("rows[1]", kUnknownColumn, {Cut(header[i], 40), allowed_list}));
    } else {
      column[header[i]] = i;
    }
  }
  for (const std::string& e : expected) {
    if (!column.contains(e)) report(core::Violation("rows[1]", kMissingColumn, {e}));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  const std::string flow = "MA.MRE:" + dataset.id + "(1.0)";
  std::vector<Observation> out;
  std::map<std::vector<std::string>, int> seen;
  std::vector<std::string> row;
  while (csv.Next(&row, &ok)) {
    const int line = csv.line();
    const std::string at = "rows[" + std::to_string(line) + "]";
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    if (!ok) {
      report(core::Violation(at, kBadQuote));
      break;
    }
    if (row.size() != header.size()) {
      report(core::Violation(at, kFieldCount,
                             {std::to_string(row.size()), std::to_string(header.size())}));
      continue;
    }
    if (format == ImportFormat::kSdmxCsv) {
      const std::string& f = row[column["DATAFLOW"]];
      if (f != flow && f != dataset.id) {
        report(core::Violation(at + ".DATAFLOW", kBadFlow, {Cut(f, 60), flow}));
      }
    }
    Observation o;
    for (const Dimension& d : dataset.dimensions) {
      const std::string& code = row[column[d.id]];
      const std::string field = at + "." + d.id;
      if (d.id == kTimeDimension) {
        if (!IsYear(code)) report(core::Violation(field, kBadYear, {Cut(code, 40)}));
      } else if (!known(d.codelist, code)) {
        report(core::Violation(field, kUnknownCode, {Cut(code, 40), d.codelist}));
      }
      o.key.push_back(code);
    }
    std::string status = column.contains("OBS_STATUS") ? row[column["OBS_STATUS"]] : "";
    if (status.empty()) status = "A";
    if (status != "A" && status != "E" && status != "P" && status != "M") {
      report(core::Violation(at + ".OBS_STATUS", kBadStatus, {Cut(status, 10)}));
    }
    o.status = status[0];
    const std::string& value = row[column["OBS_VALUE"]];
    if (value.empty()) {
      if (status != "M") report(core::Violation(at + ".OBS_VALUE", kNoValue));
    } else if (status == "M") {
      report(core::Violation(at + ".OBS_STATUS", kMissingWithValue));
    } else {
      int64_t v = 0;
      if (!absl::SimpleAtoi(value, &v) || v < 0) {
        report(core::Violation(at + ".OBS_VALUE", kBadValue, {Cut(value, 40)}));
      } else {
        o.value = v;
      }
    }
    if (column.contains("COMMENT_OBS")) o.note = Cut(row[column["COMMENT_OBS"]], 500);
    auto [it, added] = seen.try_emplace(o.key, line);
    if (!added) report(core::Violation(at, kDuplicate, {std::to_string(it->second)}));
    out.push_back(std::move(o));
  }
  if (bad.empty() && more == 0 && out.empty()) report(core::Violation("data", kEmpty));
  if (more > 0) bad.push_back(core::Violation("data", kMore, {std::to_string(more)}));
  if (!bad.empty()) return core::InvalidFields(bad);
  return out;
}

}  // namespace atlas::stats
